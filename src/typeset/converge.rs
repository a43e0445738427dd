//! Typst's compile loop, split after its first pass.
//!
//! Typst lays a document out again until what the document asks about itself (page numbers in
//! the contents, the page of the KPI section, each page's number in its foot) is the same as in
//! the layout before; the first pass knows nothing yet, so a second checks it. The page plan's
//! search only measures where sections start and end, and those do not depend on the answers:
//! a page number fills the same line whatever its value. So the search measures each layout
//! after the first pass, and only the layout it keeps goes on to the passes Typst would run
//! next ([`Pass::settle`]), which makes it the document `typst::compile` gives for the same
//! files. The caller checks that the settled layout is where the first pass put it.

use std::collections::HashSet;

use comemo::Track;
use typst::World;
use typst::diag::{SourceDiagnostic, SourceResult, Warned};
use typst::ecow::EcoVec;
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Content, Output, StyleChain, TargetElem};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS};
use typst::utils::Protected;
use typst_layout::PagedDocument;

/// A layout of a document after one or more passes of Typst's loop.
pub(crate) struct Pass {
    /// The main file, evaluated.
    content: Content,
    /// What evaluating it reported.
    sink: Sink,
    /// The layout of the last pass and what that pass reported.
    document: PagedDocument,
    reported: Sink,
    passes: usize,
    /// Whether the last pass got the answers the pass before it gave, so that it is final.
    settled: bool,
}

impl Pass {
    /// Evaluates the world's main file and lays it out once.
    pub(crate) fn first(world: &dyn World) -> SourceResult<Pass> {
        let mut sink = Sink::new();
        let tracked = world.track();
        let main = world.source(world.main()).map_err(|error| {
            EcoVec::from([SourceDiagnostic::error(
                typst::syntax::Span::detached(),
                format!("the template's main file cannot be read: {error}"),
            )])
        })?;
        let content = typst_eval::eval(
            tracked,
            world.library(),
            Traced::default().track(),
            sink.track_mut(),
            Route::default().track(),
            &main,
        )
        .map_err(deduplicate)?
        .content();
        let (document, reported, settled) = lay_out(world, &content, &EmptyIntrospector)?;
        Ok(Pass {
            content,
            sink,
            document,
            reported,
            passes: 1,
            settled,
        })
    }

    /// The pages as this pass laid them out.
    pub(crate) fn document(&self) -> &PagedDocument {
        &self.document
    }

    /// Runs the passes Typst's loop runs after this one, until the answers agree or Typst's
    /// limit of passes is reached.
    pub(crate) fn advance(&mut self, world: &dyn World) -> SourceResult<()> {
        while !self.settled && self.passes < MAX_ITERS {
            let before = self.document.introspector().clone();
            let (document, reported, settled) = lay_out(world, &self.content, before.as_ref())?;
            self.document = document;
            self.reported = reported;
            self.settled = settled;
            self.passes += 1;
        }
        Ok(())
    }

    /// The document and warnings `typst::compile` gives: the passes after this one, until the
    /// answers agree. A document that does not settle within Typst's limit is compiled by
    /// `typst::compile` itself, whose warnings then say why.
    pub(crate) fn settle(mut self, world: &dyn World) -> Warned<SourceResult<PagedDocument>> {
        if let Err(errors) = self.advance(world) {
            return Warned {
                output: Err(errors),
                warnings: self.sink.warnings(),
            };
        }
        if !self.settled {
            return typst::compile::<PagedDocument>(world);
        }
        let mut sink = self.sink;
        sink.extend_from_sink(self.reported);
        let delayed = sink.delayed();
        Warned {
            output: if delayed.is_empty() {
                Ok(self.document)
            } else {
                Err(deduplicate(delayed))
            },
            warnings: sink.warnings(),
        }
    }
}

/// One pass: the document laid out with `introspector` answering its questions, what the pass
/// reported, and whether the laid-out document answers them the same way.
fn lay_out(
    world: &dyn World,
    content: &Content,
    introspector: &dyn Introspector,
) -> SourceResult<(PagedDocument, Sink, bool)> {
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(PagedDocument::target()).wrap();
    let styles = base.chain(&target);
    let constraint = comemo::Constraint::new();
    let mut reported = Sink::new();
    let traced = Traced::default();
    let mut engine = Engine {
        library,
        world: world.track(),
        introspector: Protected::new(introspector.track_with(&constraint)),
        traced: traced.track(),
        sink: reported.track_mut(),
        route: Route::default(),
    };
    let document = PagedDocument::create(&mut engine, content, styles).map_err(deduplicate)?;
    let settled = constraint.validate(document.introspector().as_ref() as &dyn Introspector);
    Ok((document, reported, settled))
}

/// Each error once, as `typst::compile` gives them.
fn deduplicate(errors: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut seen = HashSet::new();
    errors
        .into_iter()
        .filter(|error| seen.insert((error.span, error.message.clone())))
        .collect()
}
