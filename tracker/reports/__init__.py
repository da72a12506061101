"""What each command computes, as library calls returning typed reports."""
