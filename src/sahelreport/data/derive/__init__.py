"""What the report derives from the data: labels, selections and every number the text glues.

One module per subject; figures and tables call these functions, so a number in a figure and the same
number in the text come from one implementation, where tests reach it.
"""
