"""Demo data of the jobs app: listings and companies, then the salary survey."""


def seed(stdout):
    from jobs import demo_listings

    demo_listings.seed(stdout)
    try:
        from jobs import demo_salaries
    except ImportError:  # the salary survey arrives with its own issue
        return
    demo_salaries.seed(stdout)
