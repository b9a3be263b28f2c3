//! Property tests: agreement with the kernel.
