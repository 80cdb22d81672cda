"""One endpoint per locust run: bench/run.py sets BENCH_PATH and BENCH_NAME."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/")
NAME = os.environ.get("BENCH_NAME", PATH)


class Visitor(FastHttpUser):
    # Closed loop, no think time: measures what the server can sustain.
    wait_time = constant(0)

    @task
    def get_page(self):
        with self.client.get(PATH, name=NAME, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
