"""FPS views: evaluation (see urls.py)."""

urlpatterns = []
