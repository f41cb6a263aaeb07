//! The records behind a delivery handle, addressed by integer ids.
//!
//! The model's containers hand out `&mut` only at insertion time, while a C caller adds a
//! trajectory's children whenever it likes. So the handle keeps flat arenas — providers,
//! trajectories, metingen — linked by index, and assembles a [`Delivery`] when a file is
//! made. Ids are 1-based indexes into the arena of their kind; 0 is never an id.

use crate::diagnostic::{Diagnostic, RecordPath, Report};
use crate::model::{AgbCode, Delivery, Meting, ModelError, Zorgaanbieder, Zorgtraject};
use crate::names::element;

use super::codes::*;
use super::guard::{Failure, FfiResult};

/// Which kind of record an id names (for messages).
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Zorgaanbieder,
    Zorgtraject,
    Meting,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Zorgaanbieder => "zorgaanbieder",
            Kind::Zorgtraject => "zorgtraject",
            Kind::Meting => "meting",
        }
    }
}

struct ProviderSlot {
    /// The provider with the records that came in whole (from JSON).
    base: Zorgaanbieder,
    /// Trajectories added one by one, in order.
    trajecten: Vec<usize>,
    /// Loose metingen added one by one, in order.
    metingen: Vec<usize>,
}

struct TrajectSlot {
    provider: usize,
    /// 1-based position within its provider (for diagnostics).
    position: usize,
    traject: Zorgtraject,
    /// Linked metingen added one by one.
    metingen: Vec<usize>,
    /// Whether a child (or a linked meting's item) of this trajectory was refused.
    tainted: bool,
}

/// Where a meting hangs, for diagnostics.
enum Owner {
    Traject(usize),
    Provider(usize),
}

struct MetingSlot {
    owner: Owner,
    position: usize,
    meting: Meting,
    /// Whether an item of this meting was refused.
    tainted: bool,
}

/// All records of one delivery handle.
#[derive(Default)]
pub(crate) struct Records {
    providers: Vec<ProviderSlot>,
    trajecten: Vec<TrajectSlot>,
    metingen: Vec<MetingSlot>,
    /// Errors of refused records: they make the delivery unwritable until the handle is
    /// discarded, so that a record can never silently go missing from the file.
    refused: Report,
}

fn next_id(len: usize, kind: Kind) -> FfiResult<u32> {
    u32::try_from(len + 1)
        .ok()
        .filter(|id| *id != u32::MAX)
        .ok_or_else(|| {
            Failure::new(
                SPIEGEL_TOO_MANY_RECORDS,
                format!("no more {} ids: this delivery holds {len} already", kind.name()),
            )
        })
}

fn index(id: u32, len: usize, kind: Kind) -> FfiResult<usize> {
    let i = (id as usize).wrapping_sub(1);
    if id == 0 || i >= len {
        let hint = if id == 0 {
            " (0 is never an id; it is what a refused record's out_id is set to)"
        } else {
            ""
        };
        return Err(Failure::new(
            SPIEGEL_NOT_FOUND,
            format!(
                "{} id {id} does not exist in this delivery: ids 1..={len} have been given out{hint}",
                kind.name()
            ),
        ));
    }
    Ok(i)
}

// Every index below comes from `index()` (checked against the length) or was stored when its
// slot was pushed; slots are never removed.
#[allow(clippy::indexing_slicing, reason = "indices are checked or stored at push")]
impl Records {
    /// The errors of records refused so far.
    pub(crate) fn refused(&self) -> &Report {
        &self.refused
    }

    /// Records a refused record and returns the failure for the caller.
    fn refuse(&mut self, error: ModelError, path: RecordPath) -> Failure {
        let diagnostic = Diagnostic::from_model_error(&error, path);
        let failure = Failure::in_both(SPIEGEL_INVALID_VALUE, |lang| {
            super::guard::located(&diagnostic, lang)
        });
        self.refused.push(diagnostic);
        failure
    }

    fn provider_path(&self, provider: usize) -> RecordPath {
        RecordPath::zorgaanbieder(self.providers[provider].base.code().as_str())
    }

    fn traject_path(&self, traject: usize) -> RecordPath {
        let slot = &self.trajecten[traject];
        self.provider_path(slot.provider)
            .zorgtraject(slot.traject.id(), slot.position)
    }

    fn meting_path(&self, meting: usize) -> RecordPath {
        let slot = &self.metingen[meting];
        let parent = match slot.owner {
            Owner::Traject(t) => self.traject_path(t),
            Owner::Provider(p) => self.provider_path(p),
        };
        parent.child(element::METING, slot.position)
    }

    /// Fails unless zorgtraject `id` exists.
    pub(crate) fn check_traject(&self, id: u32) -> FfiResult {
        index(id, self.trajecten.len(), Kind::Zorgtraject).map(|_| ())
    }

    /// Fails unless zorgaanbieder `id` exists.
    pub(crate) fn check_provider(&self, id: u32) -> FfiResult {
        index(id, self.providers.len(), Kind::Zorgaanbieder).map(|_| ())
    }

    /// Adds a provider with AGB code `code`.
    pub(crate) fn add_provider(&mut self, code: &str) -> FfiResult<u32> {
        let id = next_id(self.providers.len(), Kind::Zorgaanbieder)?;
        let code = AgbCode::new(code).map_err(|e| self.refuse(e, RecordPath::zorgaanbieder(code)))?;
        self.providers.push(ProviderSlot {
            base: Zorgaanbieder::new(code),
            trajecten: Vec::new(),
            metingen: Vec::new(),
        });
        Ok(id)
    }

    /// Adds a trajectory built by `make` to provider `provider_id`. `key` is the vendor's key
    /// (for the diagnostic path should `make` fail).
    pub(crate) fn add_traject(
        &mut self,
        provider_id: u32,
        key: Option<&str>,
        make: impl FnOnce() -> Result<Zorgtraject, ModelError>,
    ) -> FfiResult<u32> {
        let provider = index(provider_id, self.providers.len(), Kind::Zorgaanbieder)?;
        let id = next_id(self.trajecten.len(), Kind::Zorgtraject)?;
        let slot = &self.providers[provider];
        let position = slot.base.zorgtrajecten().len() + slot.trajecten.len() + 1;
        let traject = make().map_err(|e| {
            let path = self.provider_path(provider).zorgtraject(key, position);
            self.refuse(e, path)
        })?;
        self.providers[provider].trajecten.push(self.trajecten.len());
        self.trajecten.push(TrajectSlot {
            provider,
            position,
            traject,
            metingen: Vec::new(),
            tainted: false,
        });
        Ok(id)
    }

    /// Adds a child record of trajectory `traject_id`: `make` builds it, `attach` puts it in.
    /// `element` and `count` give the diagnostic path should `make` fail.
    pub(crate) fn add_child<T>(
        &mut self,
        traject_id: u32,
        element: &'static str,
        count: impl FnOnce(&Zorgtraject) -> usize,
        make: impl FnOnce() -> Result<T, ModelError>,
        attach: impl FnOnce(&mut Zorgtraject, T),
    ) -> FfiResult {
        let t = index(traject_id, self.trajecten.len(), Kind::Zorgtraject)?;
        let record = make().map_err(|e| {
            let position = count(&self.trajecten[t].traject) + 1;
            let path = self.traject_path(t).child(element, position);
            self.trajecten[t].tainted = true;
            self.refuse(e, path)
        })?;
        attach(&mut self.trajecten[t].traject, record);
        Ok(())
    }

    /// Adds a meting, linked to trajectory `traject_id` or loose at provider `provider_id`
    /// (exactly one of the two is `Some`).
    pub(crate) fn add_meting(
        &mut self,
        traject_id: Option<u32>,
        provider_id: Option<u32>,
        make: impl FnOnce() -> Result<Meting, ModelError>,
    ) -> FfiResult<u32> {
        let (owner, position, parent_path) = match (traject_id, provider_id) {
            (Some(tid), _) => {
                let t = index(tid, self.trajecten.len(), Kind::Zorgtraject)?;
                let slot = &self.trajecten[t];
                let position = slot.traject.metingen().len() + slot.metingen.len() + 1;
                (Owner::Traject(t), position, self.traject_path(t))
            }
            (None, pid) => {
                let p = index(pid.unwrap_or(0), self.providers.len(), Kind::Zorgaanbieder)?;
                let slot = &self.providers[p];
                let position = slot.base.metingen().len() + slot.metingen.len() + 1;
                (Owner::Provider(p), position, self.provider_path(p))
            }
        };
        let id = next_id(self.metingen.len(), Kind::Meting)?;
        let meting = make().map_err(|e| {
            if let Owner::Traject(t) = owner {
                self.trajecten[t].tainted = true;
            }
            self.refuse(e, parent_path.child(element::METING, position))
        })?;
        let m = self.metingen.len();
        match owner {
            Owner::Traject(t) => self.trajecten[t].metingen.push(m),
            Owner::Provider(p) => self.providers[p].metingen.push(m),
        }
        self.metingen.push(MetingSlot {
            owner,
            position,
            meting,
            tainted: false,
        });
        Ok(id)
    }

    /// Adds an item built by `make` to meting `meting_id`.
    pub(crate) fn add_item(
        &mut self,
        meting_id: u32,
        make: impl FnOnce() -> Result<crate::model::Item, ModelError>,
    ) -> FfiResult {
        let m = index(meting_id, self.metingen.len(), Kind::Meting)?;
        let item = make().map_err(|e| {
            let position = self.metingen[m].meting.items().len() + 1;
            let path = self.meting_path(m).child(element::ITEM, position);
            self.metingen[m].tainted = true;
            if let Owner::Traject(t) = self.metingen[m].owner {
                self.trajecten[t].tainted = true;
            }
            self.refuse(e, path)
        })?;
        self.metingen[m].meting.add_item(item);
        Ok(())
    }

    /// Appends the providers of a delivery read in one piece, and the errors of the records
    /// that could not be read.
    pub(crate) fn append(&mut self, delivery: Delivery, refused: Report) -> FfiResult {
        next_id(
            self.providers.len() + delivery.zorgaanbieders.len(),
            Kind::Zorgaanbieder,
        )?;
        self.refused.merge(refused);
        self.providers
            .extend(delivery.zorgaanbieders.into_iter().map(|base| ProviderSlot {
                base,
                trajecten: Vec::new(),
                metingen: Vec::new(),
            }));
        Ok(())
    }

    /// The whole delivery, in the order the records were added.
    pub(crate) fn assemble(&self) -> Delivery {
        self.assemble_leaving_out(false)
    }

    /// [`assemble`](Self::assemble); with `leave_out_refused`,
    /// a trajectory one of whose children was refused is left out whole, and so is a loose
    /// meting one of whose items was refused (a refused record itself never got in).
    pub(crate) fn assemble_leaving_out(&self, leave_out_refused: bool) -> Delivery {
        let mut delivery = Delivery::new();
        for slot in &self.providers {
            let za = delivery.add_zorgaanbieder(slot.base.clone());
            for &t in &slot.trajecten {
                let traject = &self.trajecten[t];
                if leave_out_refused && traject.tainted {
                    continue;
                }
                let added = za.add_zorgtraject(traject.traject.clone());
                for &m in &traject.metingen {
                    added.add_meting(self.metingen[m].meting.clone());
                }
            }
            for &m in &slot.metingen {
                if leave_out_refused && self.metingen[m].tainted {
                    continue;
                }
                za.add_meting(self.metingen[m].meting.clone());
            }
        }
        delivery
    }
}
