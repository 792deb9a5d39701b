"""Test app: opens the shared base in the qcluster parent, before Django-Q forks.

That is what a real project does by accident (an import at startup touches the base);
the workers must then reopen their own connections rather than reuse the parent's.
"""
