"""Media on S3-compatible storage (hwcollab/storage.py), against moto's S3 server on a free local port."""

import io
import socket

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage

moto_server = pytest.importorskip("moto.server")

BUCKET = "hwcollab-test-media"
pytestmark = pytest.mark.django_db


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, monkeypatch):
    import boto3

    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "hwcollab.storage.MediaStorage"}}
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _png(width=240, height=160):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 110, 160)).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="nurse.png")


def _anonymous_get(url):
    return requests.get(url, timeout=10)


def test_images_and_renditions_are_public_objects_in_the_bucket(s3, s3_endpoint):
    from wagtail.images.models import Image

    image = Image.objects.create(title="A nurse", file=_png())
    assert image.file.name.startswith("original_images/")
    s3.head_object(Bucket=BUCKET, Key=image.file.name)

    rendition = image.get_rendition("fill-120x80")
    assert rendition.url.startswith(f"{s3_endpoint}/{BUCKET}/images/")
    assert "Signature" not in rendition.url  # a plain URL: cached pages outlive any signed one
    response = _anonymous_get(rendition.url)
    assert response.status_code == 200
    assert PILImage.open(io.BytesIO(response.content)).size == (120, 80)


def test_a_page_shows_the_rendition_from_the_bucket(s3, s3_endpoint, client, home_page):
    from django.template import Context, Template
    from wagtail.images.models import Image

    image = Image.objects.create(title="A nurse", file=_png())
    html = Template("{% load wagtailimages_tags %}{% image img width-100 %}").render(Context({"img": image}))
    assert f'src="{s3_endpoint}/{BUCKET}/images/' in html
    src = html.split('src="', 1)[1].split('"', 1)[0]
    assert _anonymous_get(src).status_code == 200


@pytest.fixture
def private_collection(db):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_documents_are_private_objects_served_through_the_app(s3, s3_endpoint, client, private_collection, admin_user):
    from wagtail.documents.models import Document

    document = Document.objects.create(
        title="Staff rota", file=ContentFile(b"rota for the ward", name="rota.txt"), collection=private_collection
    )
    key = document.file.name
    assert key.startswith("documents/")
    # Not reachable from the bucket, even by someone who knows the key.
    assert _anonymous_get(f"{s3_endpoint}/{BUCKET}/{key}").status_code == 403
    # Links go to the app, which checks the collection's restriction.
    assert document.url.startswith("/documents/")
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"]

    client.force_login(admin_user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"rota for the ward"
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_public_document_is_also_served_by_the_app_not_the_bucket(s3, s3_endpoint, client):
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Brochure", file=ContentFile(b"careers brochure", name="brochure.txt"))
    assert _anonymous_get(f"{s3_endpoint}/{BUCKET}/{document.file.name}").status_code == 403
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"careers brochure"
