"""Screen sharing in the mesh: who may share (everyone, or on request), who shares now, stopping it."""
