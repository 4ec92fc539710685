"""FPS views: calloffs (see urls.py)."""

urlpatterns = []
