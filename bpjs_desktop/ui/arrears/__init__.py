"""The arrears desk: the worklist of employers behind on contributions and one case from first reminder to the Kejaksaan."""
