//! The cut of a bundle file into its header and the text of each event and attachment, a
//! budget of bytes at a time (issue #19: the cut of a 60 MB file in one pass was the longest
//! task of an import, and it grew with the file).
//!
//! The cut only finds where each part begins and ends; it does not decode them. It is strict
//! about the file's outline (the members of the file and its body, their punctuation) and
//! lenient inside a part: each part is decoded later by `serde_json`, which refuses anything
//! malformed in it, and a part that does not decode sends the whole file the long way, which
//! names the problem. So a file is cut only if it is the JSON a bundle is, part for part, as
//! `cut_is_what_serde_slices` checks against `serde_json`'s own slicing.

use std::borrow::Cow;

/// The parts of a bundle file, borrowed from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CutFile<'t> {
    pub header: &'t str,
    /// The body's text, braces included.
    pub body: &'t str,
    pub events: Vec<&'t str>,
    pub attachments: Vec<&'t str>,
}

/// Where the cut is in the file's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the file's opening brace.
    Start,
    /// Expecting a member's name of the file.
    FileMember,
    /// After a member of the file: a comma or its closing brace.
    FileAfterMember,
    /// Expecting a member's name of the body.
    BodyMember,
    /// After a member of the body: a comma or its closing brace.
    BodyAfterMember,
    /// At the start of a list of parts, or after a comma in it.
    ListItem { list: List, first: bool },
    /// After a part: a comma or the list's closing bracket.
    ListAfterItem(List),
    /// After the file's closing brace: only white space may follow.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Events,
    Attachments,
}

/// A cut in progress.
pub(super) struct FileCut<'t> {
    text: &'t str,
    at: At,
    position: usize,
    header: Option<&'t str>,
    body_seen: bool,
    /// Where the body's text starts and ends, once seen.
    body_start: usize,
    body_end: usize,
    events: Option<Vec<&'t str>>,
    attachments: Option<Vec<&'t str>>,
}

/// How a cut ended.
pub(super) enum CutOutcome<'t> {
    /// Not at the end yet: call [`FileCut::advance`] again.
    Going(FileCut<'t>),
    /// The file has the outline of a bundle.
    Cut(CutFile<'t>),
    /// It does not; the long way names why.
    NotABundleOutline,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'t> FileCut<'t> {
    pub fn new(text: &'t str) -> FileCut<'t> {
        FileCut {
            text,
            at: At::Start,
            position: 0,
            header: None,
            body_seen: false,
            body_start: 0,
            body_end: 0,
            events: None,
            attachments: None,
        }
    }

    /// The file being cut.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Cuts on until about `budget` more bytes are passed, or the file ends.
    pub fn advance(mut self, budget: usize) -> CutOutcome<'t> {
        let stop_after = self.position.saturating_add(budget);
        while self.position < stop_after || self.at == At::End {
            match self.next_step() {
                Some(true) => {}
                Some(false) => return self.finish(),
                None => return CutOutcome::NotABundleOutline,
            }
        }
        CutOutcome::Going(self)
    }

    fn finish(self) -> CutOutcome<'t> {
        match (self.header, self.events, self.attachments) {
            (Some(header), Some(events), Some(attachments)) if self.body_seen => {
                match self.text.get(self.body_start..self.body_end) {
                    Some(body) => CutOutcome::Cut(CutFile {
                        header,
                        body,
                        events,
                        attachments,
                    }),
                    None => CutOutcome::NotABundleOutline,
                }
            }
            _ => CutOutcome::NotABundleOutline,
        }
    }

    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not white space, and moves past it.
    fn next_token(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.position) {
            self.position += 1;
            if !is_space(byte) {
                return Some(byte);
            }
        }
        None
    }

    /// One step of the outline. `Some(true)`: go on; `Some(false)`: the file ended well;
    /// `None`: not a bundle's outline.
    fn next_step(&mut self) -> Option<bool> {
        match self.at {
            At::Start => {
                (self.next_token()? == b'{').then_some(())?;
                self.at = At::FileMember;
            }
            At::FileMember => match self.member_name()?.as_ref() {
                "header" if self.header.is_none() => {
                    self.header = Some(self.value()?);
                    self.at = At::FileAfterMember;
                }
                "body" if !self.body_seen => {
                    self.body_seen = true;
                    (self.next_token()? == b'{').then_some(())?;
                    self.body_start = self.position - 1;
                    self.at = At::BodyMember;
                }
                _ => return None,
            },
            At::FileAfterMember => {
                self.at = match self.next_token()? {
                    b',' => At::FileMember,
                    b'}' => At::End,
                    _ => return None,
                }
            }
            At::BodyMember => {
                let list = match self.member_name()?.as_ref() {
                    "events" if self.events.is_none() => {
                        self.events = Some(Vec::new());
                        List::Events
                    }
                    "attachments" if self.attachments.is_none() => {
                        self.attachments = Some(Vec::new());
                        List::Attachments
                    }
                    _ => return None,
                };
                (self.next_token()? == b'[').then_some(())?;
                self.at = At::ListItem { list, first: true };
            }
            At::BodyAfterMember => {
                self.at = match self.next_token()? {
                    b',' => At::BodyMember,
                    b'}' if self.events.is_some() && self.attachments.is_some() => {
                        self.body_end = self.position;
                        At::FileAfterMember
                    }
                    _ => return None,
                }
            }
            At::ListItem { list, first } => {
                let start = self.position;
                if first && self.next_token()? == b']' {
                    self.at = At::BodyAfterMember;
                    return Some(true);
                }
                self.position = start;
                let part = self.value()?;
                let parts = match list {
                    List::Events => self.events.as_mut(),
                    List::Attachments => self.attachments.as_mut(),
                };
                parts?.push(part);
                self.at = At::ListAfterItem(list);
            }
            At::ListAfterItem(list) => {
                self.at = match self.next_token()? {
                    b',' => At::ListItem { list, first: false },
                    b']' => At::BodyAfterMember,
                    _ => return None,
                }
            }
            At::End => {
                return match self.next_token() {
                    None => Some(false),
                    Some(_) => None,
                }
            }
        }
        Some(true)
    }

    /// A member's name and its colon. A name with escapes is decoded, as `serde_json` does.
    fn member_name(&mut self) -> Option<Cow<'t, str>> {
        (self.next_token()? == b'"').then_some(())?;
        let start = self.position;
        let end = string_end(self.bytes(), start)?;
        self.position = end;
        (self.next_token()? == b':').then_some(())?;
        let quoted = self.text.get(start - 1..end)?;
        let name = &quoted[1..quoted.len() - 1];
        if name.contains('\\') {
            serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(name))
        }
    }

    /// The text of the value that starts at the next token, and moves past it. Strings and
    /// nesting are followed; what is inside is left to the decoding.
    fn value(&mut self) -> Option<&'t str> {
        let bytes = self.bytes();
        let first = self.next_token()?;
        let start = self.position - 1;
        let end = match first {
            b'"' => string_end(bytes, self.position)?,
            b'{' | b'[' => {
                let mut depth = 1usize;
                let mut position = self.position;
                loop {
                    match *bytes.get(position)? {
                        b'"' => position = string_end(bytes, position + 1)?,
                        b'{' | b'[' => {
                            depth += 1;
                            position += 1;
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            position += 1;
                            if depth == 0 {
                                break position;
                            }
                        }
                        _ => position += 1,
                    }
                }
            }
            b'}' | b']' | b',' | b':' => return None,
            _ => {
                let length = bytes[self.position..]
                    .iter()
                    .position(|&byte| matches!(byte, b',' | b']' | b'}') || is_space(byte))
                    .unwrap_or(bytes.len() - self.position);
                self.position + length
            }
        };
        self.position = end;
        self.text.get(start..end)
    }
}

/// Where the string whose text starts at `from` ends, just after its closing quote.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut position = from;
    loop {
        let length = memchr::memchr2(b'"', b'\\', bytes.get(position..)?)?;
        position += length;
        if bytes[position] == b'"' {
            return Some(position + 1);
        }
        // An escape: the next byte is taken as it is.
        position += 2;
    }
}

/// The whole file cut in one go (tests, and the plain decoding of tests).
#[cfg(test)]
pub(super) fn cut_whole(text: &str) -> Option<CutFile<'_>> {
    match FileCut::new(text).advance(usize::MAX) {
        CutOutcome::Cut(cut) => Some(cut),
        CutOutcome::Going(_) | CutOutcome::NotABundleOutline => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::value::RawValue;

    /// The slicing by `serde_json` that the cut replaced: the oracle.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SerdeSliced<'t> {
        #[serde(borrow)]
        header: &'t RawValue,
        #[serde(borrow)]
        body: &'t RawValue,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SerdeBody<'t> {
        #[serde(borrow)]
        events: Vec<&'t RawValue>,
        #[serde(borrow)]
        attachments: Vec<&'t RawValue>,
    }

    fn serde_cut(text: &str) -> Option<CutFile<'_>> {
        let sliced: SerdeSliced = serde_json::from_str(text).ok()?;
        let body: SerdeBody = serde_json::from_str(sliced.body.get()).ok()?;
        Some(CutFile {
            header: sliced.header.get(),
            body: sliced.body.get(),
            events: body.events.iter().map(|raw| raw.get()).collect(),
            attachments: body.attachments.iter().map(|raw| raw.get()).collect(),
        })
    }

    /// Whether every part of a cut is JSON: the decoding of the parts refuses the file
    /// otherwise.
    fn parts_are_json(cut: &CutFile) -> bool {
        std::iter::once(&cut.header)
            .chain(&cut.events)
            .chain(&cut.attachments)
            .all(|part| serde_json::from_str::<serde_json::Value>(part).is_ok())
    }

    /// The cut run a few bytes at a time, resuming each time.
    fn cut_in_steps(text: &str, budget: usize) -> Option<CutFile<'_>> {
        let mut cut = FileCut::new(text);
        loop {
            match cut.advance(budget) {
                CutOutcome::Going(going) => cut = going,
                CutOutcome::Cut(done) => return Some(done),
                CutOutcome::NotABundleOutline => return None,
            }
        }
    }

    /// The cut takes a file exactly when `serde_json` slices it, into the same parts; or it
    /// cuts where a part is not JSON, which the decoding of that part then refuses.
    fn assert_cut_is_what_serde_slices(text: &str) {
        let ours = cut_whole(text);
        let theirs = serde_cut(text);
        match (&ours, &theirs) {
            (Some(ours), Some(theirs)) => assert_eq!(ours, theirs, "{text}"),
            (Some(ours), None) => assert!(!parts_are_json(ours), "{text}"),
            (None, Some(_)) => panic!("serde slices what the cut refuses: {text}"),
            (None, None) => {}
        }
        for budget in [1, 7, 64] {
            assert_eq!(cut_in_steps(text, budget), ours, "budget {budget}: {text}");
        }
    }

    const SAMPLES: &[&str] = &[
        r#"{"header":{"format":"x","n":[1,2,{"a":"]}"}]},"body":{"events":[{"id":"a\"]"},{"id":"b"}],"attachments":[]}}"#,
        " {\n \"body\" : { \"attachments\" : [ {\"d\":\"\\\\\"} ] , \"events\" : [ ] } , \"header\" : 5 } \n",
        r#"{"header":"h","body":{"events":[1,true,null,"s",-2.5e3],"attachments":[[]]}}"#,
        r#"{"header":{},"body":{"events":[],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[],"attachments":[]}} x"#,
        r#"{"header":{},"body":{"events":[],"attachments":[],}}"#,
        r#"{"header":{},"body":{"events":[1,],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[,1],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[],"attachments":[]},"extra":1}"#,
        r#"{"header":{},"header":{},"body":{"events":[],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[],"events":[],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[]}}"#,
        r#"{"body":{"events":[],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[{"a":1 2}],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[{"a":[}],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":[tru],"attachments":[]}}"#,
        r#"{"he\u0061der":{},"body":{"events":[],"attachments":[]}}"#,
        r#"{"header":{},"body":{"events":{},"attachments":[]}}"#,
        r#"{"header":{},"body":[]}"#,
        r#"{"header":{},"body":{"events":[],"attachments":[]}"#,
        r#"{"header":{"#,
        r#"[]"#,
        "",
        r#"{"header":"\"","body":{"events":["\\"],"attachments":[]}}"#,
    ];

    #[test]
    fn x_2_cut_is_what_serde_slices_on_hand_made_files() {
        for text in SAMPLES {
            assert_cut_is_what_serde_slices(text);
        }
    }

    #[test]
    fn x_2_cut_is_what_serde_slices_on_a_sample_office() {
        let office = crate::sample::office(40, 7);
        let source = crate::bundle::Source {
            device_id: "bench".into(),
            device_name: "前台 · A".into(),
            person: "王芳".into(),
        };
        let photo = crate::bundle::WireAttachment::new(
            "ab".repeat(32),
            "image/jpeg".into(),
            b"\xff\xd8 photo",
        );
        let built = crate::bundle::build(
            &crate::record::chain_records(office.log()),
            vec![photo],
            source,
            crate::sample::start(),
            crate::bundle::Scope::Full,
            "0.1.0",
        )
        .expect("the sample bundles");
        let text = serde_json::to_string_pretty(&built).unwrap();
        let cut = cut_whole(&text).expect("a sample bundle is cut");
        assert!(cut.events.len() > 100);
        assert_cut_is_what_serde_slices(&text);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Damage anywhere in a small bundle: a byte changed, removed or repeated.
        #[test]
        fn x_2_cut_is_what_serde_slices_on_damaged_files(
            at in 0usize..1_000,
            damage in 0u8..3,
            byte in prop::sample::select(b"{}[],:\"\\ 0a".to_vec()),
        ) {
            let text = SAMPLES[0].to_owned() + "";
            let mut bytes = text.into_bytes();
            let at = at % bytes.len();
            match damage {
                0 => bytes[at] = byte,
                1 => { bytes.remove(at); }
                _ => bytes.insert(at, byte),
            }
            if let Ok(text) = String::from_utf8(bytes) {
                assert_cut_is_what_serde_slices(&text);
            }
        }
    }
}
