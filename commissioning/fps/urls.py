"""The FPS's URLs, one block per area; each block's views live in views/<area>.py."""

from .views import calloffs, evaluation, provider, public

app_name = "fps"

urlpatterns = [
    # Provider users: applications, clarifications, notifications, bids.
    *provider.urlpatterns,
    # Commissioners: evaluation, decisions, the register's suspensions and removals, exports.
    *evaluation.urlpatterns,
    # Commissioners: call-off packages, bids' scores, awards and placements.
    *calloffs.urlpatterns,
    # Public: what the FPS is, its lots and windows, and who is on it. Last: its paths start with a slug.
    *public.urlpatterns,
]
