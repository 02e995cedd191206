"""Webhooks, by seam: a company's endpoints (endpoints), the outbox of events they subscribed to (outbox), signed
delivery with its retries (delivery), and the HTTP transport with its address checks (transport). Callers import
the submodule they need."""
