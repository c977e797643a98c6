"""Card-number encryption (AES-GCM, keys outside the database). Headless, no Qt."""
