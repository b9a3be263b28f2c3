//! The strict validator.
