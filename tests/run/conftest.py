import pytest


@pytest.fixture(scope="session")
def pipeline():
    from saidwhat.extract import load_pipeline

    return load_pipeline()
