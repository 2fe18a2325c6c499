import pytest
from django.test import Client


@pytest.fixture
def client():
    """A browser that asks for English, so that the tests read the messages in English."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
