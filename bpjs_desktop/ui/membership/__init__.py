"""The membership desk: employers, workers of every segment, their records, imports, PDS and Perisai agents, and the counter tools."""
