"""Batch execution of method notebooks: plan, validate, execute (papermill, IPC kernels), report."""
