//! Lists, products, options, strings and nested trees.
