"""A real SMTP server on loopback that a test stops and starts, and a worker run in the test's process."""

import socket

from aiosmtpd.controller import Controller
from django_tasks_db.management.commands.db_worker import Worker

from jobs.models import BackgroundJob


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def __init__(self):
        self.messages = []


class MailServer:
    """aiosmtpd on 127.0.0.1:<port>; ``stop()`` makes the port refuse connections, ``start()`` opens it
    again, keeping what it received."""

    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    @property
    def messages(self):
        return self.inbox.messages

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def run_worker() -> None:
    """What `manage.py db_worker --batch` does: every job that is due, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def run_due_jobs() -> int:
    """The worker's loop without its connection housekeeping, for tests inside a transaction."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    count = 0
    while (job := BackgroundJob.objects.ready().first()) is not None:
        job.claim(worker.worker_id)
        worker.run_task(job)
        count += 1
    return count
