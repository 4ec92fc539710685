"""FPS views: provider (see urls.py)."""

urlpatterns = []
