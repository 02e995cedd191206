"""Every write about jobs, one module per noun: jobs, expiry, applications, budgets, idempotency keys."""
