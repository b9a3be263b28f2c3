//! The trusted kernel (under construction in its own change).
