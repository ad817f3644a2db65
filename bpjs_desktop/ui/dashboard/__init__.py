"""The head of office's desk: the monthly overview, targets against realisation as charts, and the records behind a figure."""
