"""Staff notifications: what a company's staff are told by mail, and how each of them chooses what to get.

services.py queues the mails (in the caller's transaction) and saves choices; selectors.py reads choices; the
kinds and choices themselves are models (companies.models.NotificationKind, NotificationPreference). The apps
where things happen (jobs, offers, companies' webhooks) call notify_staff from their own services."""
