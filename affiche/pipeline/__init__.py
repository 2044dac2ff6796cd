"""The pipeline: plan the editions, keep what has not changed, render the rest in worker processes,
write each file atomically and record it in the manifest (build.py ties these together)."""
