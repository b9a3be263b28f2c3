//! Authorization latency on the OOPSLA 2024 applications: Cedrus side by side with
//! upstream `cedar-policy` (with `--features cedar-oracle`), on the same generated
//! entities and requests, in one run.
//!
//! `cargo bench -p cedrus-perf --bench authorize [--features cedar-oracle]`
//!
//! Criterion measures batches of requests per app; a closing table reports the median
//! latency of a single authorization call over all requests, and the ratio.

use std::hint::black_box;
use std::time::Duration;

use cedrus_perf::{
    default_bench_root, median_latency, print_comparison, time_call, App, Workload, APPS,
};
use cedrus_policy::authorizer::{Authorizer, Decision};
use cedrus_policy::entities::Entities;
use cedrus_policy::parser::parse_policies;
use cedrus_policy::policy_set::PolicySet;
use cedrus_policy::request::Request;
use cedrus_policy::{EntityUid, Name, Value};
use criterion::{Criterion, Throughput};

/// Entities per type (the paper swept 5 to 50).
const N: usize = 30;
/// Independent hierarchies per app.
const HIERARCHIES: usize = 5;
/// Requests per hierarchy.
const REQUESTS: usize = 100;

/// One hierarchy loaded into Cedrus.
struct Loaded {
    policies: PolicySet,
    entities: Entities,
    requests: Vec<Request>,
}

fn uid(u: &cedrus_perf::Uid) -> EntityUid {
    EntityUid::new(Name::new(u.ty.as_str()), u.id.as_str())
}

fn load_cedrus(app: &App, w: &Workload) -> Loaded {
    let mut policies =
        PolicySet::from_policies(parse_policies(&app.policies).expect("bench policies parse"))
            .expect("bench policies form a set");
    for link in &w.links {
        let mut values = std::collections::BTreeMap::new();
        if let Some(p) = &link.principal {
            values.insert(cedrus_policy::ast::SlotId::Principal, uid(p));
        }
        if let Some(r) = &link.resource {
            values.insert(cedrus_policy::ast::SlotId::Resource, uid(r));
        }
        policies
            .link(&link.template_id, link.link_id.as_str(), values)
            .expect("generated links are valid");
    }
    let entities = Entities::from_json_value(w.entities.clone()).expect("generated entities load");
    let requests = w
        .requests
        .iter()
        .map(|r| {
            Request::new(
                uid(&r.principal),
                uid(&r.action),
                uid(&r.resource),
                Value::empty_record(),
            )
            .expect("an empty record is a valid context")
        })
        .collect();
    Loaded {
        policies,
        entities,
        requests,
    }
}

#[cfg(feature = "cedar-oracle")]
mod upstream {
    use std::collections::HashMap;
    use std::str::FromStr;

    use cedar_policy::{
        Authorizer, Context, Decision, Entities, EntityUid, PolicyId, PolicySet, Request, SlotId,
    };

    use cedrus_perf::{App, Workload};

    /// One hierarchy loaded into upstream Cedar.
    pub struct Loaded {
        pub policies: PolicySet,
        pub entities: Entities,
        pub requests: Vec<Request>,
        pub authorizer: Authorizer,
    }

    fn uid(u: &cedrus_perf::Uid) -> EntityUid {
        EntityUid::from_str(&u.to_cedar()).expect("generated uid parses")
    }

    pub fn load(app: &App, w: &Workload) -> Loaded {
        let mut policies = PolicySet::from_str(&app.policies).expect("bench policies parse");
        for link in &w.links {
            let mut values = HashMap::new();
            if let Some(p) = &link.principal {
                values.insert(SlotId::principal(), uid(p));
            }
            if let Some(r) = &link.resource {
                values.insert(SlotId::resource(), uid(r));
            }
            policies
                .link(
                    PolicyId::new(&link.template_id),
                    PolicyId::new(&link.link_id),
                    values,
                )
                .expect("generated links are valid");
        }
        let entities =
            Entities::from_json_value(w.entities.clone(), None).expect("generated entities load");
        let requests = w
            .requests
            .iter()
            .map(|r| {
                Request::new(
                    uid(&r.principal),
                    uid(&r.action),
                    uid(&r.resource),
                    Context::empty(),
                    None,
                )
                .expect("request")
            })
            .collect();
        Loaded {
            policies,
            entities,
            requests,
            authorizer: Authorizer::new(),
        }
    }

    pub fn allows(l: &Loaded, i: usize) -> bool {
        l.authorizer
            .is_authorized(&l.requests[i], &l.policies, &l.entities)
            .decision()
            == Decision::Allow
    }
}

fn main() {
    let root = default_bench_root();
    if !root.is_dir() {
        eprintln!(
            "authorize bench: {} is not present; nothing to measure",
            root.display()
        );
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut summary = Vec::new();
    for (name, _, _) in APPS {
        let app = App::load(&root, name).expect("bench app loads");
        let workloads: Vec<Workload> = (0..HIERARCHIES)
            .map(|h| app.generate(N, REQUESTS, h as u64))
            .collect();
        let ours: Vec<Loaded> = workloads.iter().map(|w| load_cedrus(&app, w)).collect();
        let authorizer = Authorizer::new();
        let allows = |l: &Loaded, i: usize| {
            authorizer
                .is_authorized(&l.requests[i], &l.policies, &l.entities)
                .decision
                == Decision::Allow
        };
        #[cfg(feature = "cedar-oracle")]
        let theirs: Vec<upstream::Loaded> =
            workloads.iter().map(|w| upstream::load(&app, w)).collect();
        #[cfg(feature = "cedar-oracle")]
        {
            let mut disagreements = 0;
            for (l, u) in ours.iter().zip(&theirs) {
                for i in 0..l.requests.len() {
                    if allows(l, i) != upstream::allows(u, i) {
                        disagreements += 1;
                    }
                }
            }
            if disagreements > 0 {
                eprintln!("{name}: {disagreements} decisions differ from cedar-policy");
            }
        }
        let total: usize = ours.iter().map(|l| l.requests.len()).sum();
        let allowed: usize = ours
            .iter()
            .map(|l| (0..l.requests.len()).filter(|&i| allows(l, i)).count())
            .sum();
        eprintln!("{name}: {total} requests, {allowed} allowed");

        let mut group = criterion.benchmark_group(*name);
        group.throughput(Throughput::Elements(total as u64));
        group.bench_function("cedrus", |b| {
            b.iter(|| {
                for l in &ours {
                    for r in &l.requests {
                        black_box(authorizer.is_authorized(r, &l.policies, &l.entities));
                    }
                }
            })
        });
        #[cfg(feature = "cedar-oracle")]
        group.bench_function("cedar-policy", |b| {
            b.iter(|| {
                for u in &theirs {
                    for r in &u.requests {
                        black_box(u.authorizer.is_authorized(r, &u.policies, &u.entities));
                    }
                }
            })
        });
        group.finish();

        let ours_latency = median_latency(
            ours.iter()
                .flat_map(|l| {
                    l.requests.iter().map(|r| {
                        time_call(20, || {
                            black_box(authorizer.is_authorized(r, &l.policies, &l.entities));
                        })
                    })
                })
                .collect(),
        );
        #[cfg(feature = "cedar-oracle")]
        let theirs_latency = Some(median_latency(
            theirs
                .iter()
                .flat_map(|u| {
                    u.requests.iter().map(|r| {
                        time_call(20, || {
                            black_box(u.authorizer.is_authorized(r, &u.policies, &u.entities));
                        })
                    })
                })
                .collect(),
        ));
        #[cfg(not(feature = "cedar-oracle"))]
        let theirs_latency: Option<Duration> = None;
        summary.push((*name, ours_latency, theirs_latency));
    }
    criterion.final_summary();
    // `cargo test --benches` runs this binary without `--bench`, as a smoke test only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }

    let title = format!(
        "median latency of one authorization call (N = {N}, {HIERARCHIES} hierarchies × {REQUESTS} requests)"
    );
    print_comparison(&title, &summary);
}
