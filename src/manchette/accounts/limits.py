"""How often an address or an account may sign up, log in or ask for a password reset."""

from __future__ import annotations

from manchette.ratelimit import Rate

# A household or an office shares an address: a few sign-ups an hour each.
SIGNUP_PER_IP = Rate(5, 3600)
# A reader mistyping gets many tries; guessing a password gets nowhere.
LOGIN_PER_ACCOUNT = Rate(10, 900)
LOGIN_PER_IP = Rate(30, 900)
# Each request sends an e-mail: few per address, fewer per account.
RESET_PER_ACCOUNT = Rate(3, 3600)
RESET_PER_IP = Rate(10, 3600)
# Changing a password asks for the current one: as guessable as a log-in, limited alike.
PASSWORD_CHANGE_PER_ACCOUNT = LOGIN_PER_ACCOUNT
PASSWORD_CHANGE_PER_IP = LOGIN_PER_IP
