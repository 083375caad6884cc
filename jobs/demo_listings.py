"""Demo companies and listings (filled by issue 3's demo-data slice)."""


def seed(stdout):
    return None
