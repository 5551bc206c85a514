//! 服务对象评价 of the sample's service records, drawn from a generator of their own (seeded from the sample's seed),
//! so the records, and everything else the sample makes, are exactly what they were before evaluations existed.
//! About 45 % of the records are evaluated: 满意 70 %, 基本满意 24 %, 不满意 6 %, by the enterprise's primary
//! contact (most of the time), on a day between the service's last day and the day the record was entered.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::calendar::Day;
use super::dice::Dice;
use crate::error::Result;
use crate::model::Satisfaction;

/// Mixed into the sample's seed for this generator, so its draws are not the sample's own.
const SALT: u64 = 0x5E41_0A7E_E7A1_0017;
/// The share of records evaluated.
const EVALUATED: f64 = 0.45;
/// Weights of 满意, 基本满意, 不满意 (in the order of [`Satisfaction::ALL`]).
const WEIGHTS: [u32; 3] = [70, 24, 6];
/// Opinions per answer, in the order of [`Satisfaction::ALL`].
const OPINIONS: [&[&str]; 3] = [
    &["专员服务认真负责，解决了实际问题", "响应及时，技术指导到位", "服务效果明显，希望继续合作"],
    &["服务总体不错，后续跟进可以更及时", "方案可行，落地还需时间检验", "沟通顺畅，效果有待观察"],
    &["服务内容与企业需求不够贴合", "到企次数偏少，问题未解决"],
];

/// One record's evaluation, ready to bind.
pub struct Drawn {
    pub satisfaction: Satisfaction,
    pub evaluator: Option<String>,
    pub evaluated_on: Day,
    pub opinion: Option<&'static str>,
}

/// The evaluations' own draws and the enterprises' primary contacts.
pub struct Evaluations {
    dice: Dice,
    contacts: HashMap<String, String>,
}

impl Evaluations {
    /// The generator of the sample of `seed`; the enterprises' contacts must be written already.
    pub fn new(tx: &Transaction<'_>, seed: u64) -> Result<Self> {
        let mut stmt = tx.prepare("SELECT enterprise_id, name FROM enterprise_contacts WHERE is_primary = 1")?;
        let contacts = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(Self { dice: Dice::new(seed ^ SALT), contacts })
    }

    /// The evaluation of a record of `firm` that ended on `end` and was entered on `entered`, or none.
    pub fn draw(&mut self, firm: &str, end: Day, entered: Day) -> Option<Drawn> {
        if !self.dice.chance(EVALUATED) {
            return None;
        }
        let answer = self.dice.weighted(&WEIGHTS);
        let evaluator = self.dice.chance(0.85).then(|| self.contacts.get(firm).cloned()).flatten();
        let evaluated_on = self.dice.day(end, entered.max(end));
        let opinion = self.dice.chance(0.5).then(|| self.dice.pick(OPINIONS[answer]));
        Some(Drawn { satisfaction: Satisfaction::ALL[answer], evaluator, evaluated_on, opinion })
    }
}
