//! Who may see an entry (`visibility: public | internal`) and who a site is built for (`--audience`):
//! the playbook an audience sees is the loaded one with the entries it may not see removed, made once
//! here, so that every later stage (the entry graph, `check`'s rules, the pages, the search index) works
//! on it and cannot reveal what it never receives.

use std::collections::HashSet;

use super::{Kind, Meta, Playbook, SourceFile};

/// Who may see an entry: its `visibility` field, or `playbook.yaml`'s `visibility` when it has none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Anyone: the entry is part of public builds.
    Public,
    /// The team only: the entry is left out of public builds. The default, so that nothing is published
    /// by accident.
    #[default]
    Internal,
}

impl Visibility {
    /// The values the field takes, as written.
    pub const NAMES: [&'static str; 2] = ["public", "internal"];

    /// Its name, as written.
    pub fn name(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }

    /// The visibility named `name` (one of [`Visibility::NAMES`]).
    pub fn from_name(name: &str) -> Option<Visibility> {
        match name {
            "public" => Some(Visibility::Public),
            "internal" => Some(Visibility::Internal),
            _ => None,
        }
    }
}

/// Who a site (or a check) is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Audience {
    /// Anyone: only public entries.
    Public,
    /// The team: every entry.
    #[default]
    Internal,
}

impl Audience {
    /// Whether the audience sees entries of visibility `v`.
    pub fn sees(self, v: Visibility) -> bool {
        match self {
            Audience::Internal => true,
            Audience::Public => v == Visibility::Public,
        }
    }
}

impl Playbook {
    /// The visibility of the entry `meta`: its own, or the playbook's default.
    pub fn visibility(&self, meta: &Meta) -> Visibility {
        meta.visibility.unwrap_or(self.config.visibility)
    }

    /// The playbook `audience` sees: the same, without the entries it may not see. The files read and the
    /// problems found while loading stay (they describe the tree, and a report quotes them); the ids of
    /// removed entries leave the list of what a multi-entry file holds, so no link resolves to them.
    /// The entry graph is built anew, from what is left.
    pub fn for_audience(self, audience: Audience) -> Playbook {
        if audience == Audience::Internal {
            return self;
        }
        let default = self.config.visibility;
        let sees = |m: &Meta| audience.sees(m.visibility.unwrap_or(default));
        let mut hidden: HashSet<(&str, &str)> = HashSet::new();
        for kind in Kind::ALL {
            for m in self.metas(kind) {
                if !sees(m) && m.in_multi_file {
                    hidden.insert((&m.file, &m.id));
                }
            }
        }
        let files: Vec<SourceFile> = self
            .files
            .iter()
            .map(|f| SourceFile {
                multi_ids: f
                    .multi_ids
                    .iter()
                    .filter(|id| !hidden.contains(&(f.path.as_str(), id.as_str())))
                    .cloned()
                    .collect(),
                ..f.clone()
            })
            .collect();
        Playbook {
            segments: keep(self.segments, |e| sees(&e.meta)),
            personas: keep(self.personas, |e| sees(&e.meta)),
            selling_points: keep(self.selling_points, |e| sees(&e.meta)),
            stages: keep(self.stages, |e| sees(&e.meta)),
            objections: keep(self.objections, |e| sees(&e.meta)),
            roleplays: keep(self.roleplays, |e| sees(&e.meta)),
            paths: keep(self.paths, |e| sees(&e.meta)),
            files,
            root: self.root,
            config: self.config,
            diagnostics: self.diagnostics,
            // Per file, not per entry: the pages look them up for the entries they show, which are public.
            codeowners: self.codeowners,
            history: self.history,
            graph: Default::default(),
        }
    }
}

fn keep<T>(entries: Vec<T>, sees: impl Fn(&T) -> bool) -> Vec<T> {
    entries.into_iter().filter(|e| sees(e)).collect()
}
