"""Company applications (self sign-up): a company applies, confirms its email, and an admin approves or rejects it.

The model lives in companies.models with the other company records; here are its writes (services) and reads
(selectors)."""
