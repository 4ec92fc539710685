"""FPS views: public (see urls.py)."""

urlpatterns = []
