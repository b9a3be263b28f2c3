pub mod simp;
