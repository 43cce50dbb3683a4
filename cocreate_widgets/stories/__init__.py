"""Experience stories of a citizen platform: masking, review and the public page."""
