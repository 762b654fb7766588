"""Reading catalogues: files and directories to positioned nodes, nodes to the model, and checks."""
