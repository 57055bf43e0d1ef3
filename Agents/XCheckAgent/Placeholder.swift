// Placeholder so the package manifest loads while the agent executable is being written.
