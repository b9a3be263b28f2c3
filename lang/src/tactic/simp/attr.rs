//! The `simp` attribute: `@[simp] theorem …` and `attribute [simp] a b`.

use cedrus_kernel::Name;

use crate::elab::{Elaborator, Result};
use crate::syntax::{Attribute, Def, Span};

fn is_simp(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.name == "simp")
}

impl Elaborator {
    /// Registers a just-declared definition or theorem carrying `@[simp]`.
    pub(crate) fn register_simp_attr(&mut self, d: &Def, span: Span) -> Result<()> {
        if !is_simp(&d.modifiers.attrs) {
            return Ok(());
        }
        let Some(short) = &d.name else {
            return Ok(());
        };
        let name = self.full_name(short);
        super::register(&mut self.env, &mut self.meta, &name, span)
    }

    /// `attribute [simp] a b`: registers existing constants (other attributes are
    /// accepted and ignored).
    pub(crate) fn attribute_command(
        &mut self,
        attrs: &[Attribute],
        names: &[String],
        span: Span,
    ) -> Result<()> {
        if !is_simp(attrs) {
            return Ok(());
        }
        for n in names {
            let name = self.lookup_global(n).unwrap_or_else(|| Name::new(n));
            super::register(&mut self.env, &mut self.meta, &name, span)?;
        }
        Ok(())
    }

    /// Resolves a constant name through the open namespaces.
    fn lookup_global(&self, s: &str) -> Option<Name> {
        let exists = |n: &Name| self.env.get(n).is_some();
        let mut ns = self.meta.scope().namespace.clone();
        loop {
            let n = ns.child(s);
            if exists(&n) {
                return Some(n);
            }
            if ns.is_anonymous() {
                break;
            }
            ns = ns.prefix();
        }
        self.meta
            .scopes
            .iter()
            .rev()
            .flat_map(|sc| sc.opens.iter().rev())
            .map(|o| o.child(s))
            .find(|n| exists(n))
    }
}
