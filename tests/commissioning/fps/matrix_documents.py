"""Permission-matrix rows for procurement documents (see matrix.py): public to read and download;
commissioners who run the FPS add documents and versions."""


def system_slug(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug}


def published(fx):
    from commissioning.fps.services import documents
    from tests.commissioning.fps.factories import fps_setup
    from tests.commissioning.fps.factories_provider import pdf_bytes, upload

    system, lots, window = fps_setup()
    document = documents.document_add(system=system, kind="specification", title="Specification", by=None)
    version, _ = documents.version_publish(document=document, upload=upload("spec.pdf", pdf_bytes()), by=None)
    return {"slug": system.slug, "pk": document.pk, "version": version.pk}


def document(fx):
    values = published(fx)
    return {"slug": values["slug"], "pk": values["pk"]}


def version(fx):
    return {"pk": published(fx)["version"]}


def rows(h) -> dict:
    commissioner_only = {"anonymous": h.LOGIN, "commissioner": 200}
    return {
        "fps:documents": h.Row({}, default=200, kwargs=system_slug),
        "fps:document-versions": h.Row({}, default=200, kwargs=document),
        "fps:document-download": h.Row({}, default=200, kwargs=version),
        "fps:document-add": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:document-version-add": h.Row(commissioner_only, default=403, kwargs=document),
        "fps:questionnaire-publish": h.Row({"anonymous": h.LOGIN}, default=405, kwargs=system_slug),
    }
