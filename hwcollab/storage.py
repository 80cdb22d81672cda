"""Media on S3-compatible storage (django-storages), when AWS_STORAGE_BUCKET_NAME is set.

Images and their renditions are public objects with plain URLs (pages link them, and cached pages outlive any
signed URL). Documents are private objects: the app serves them (WAGTAILDOCS_SERVE_METHOD = "serve_view")
after checking their collection's restrictions, so a document in a private collection is never reachable from
the bucket, even by someone who guesses its key.
"""

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PRIVATE_PREFIXES = ("documents/",)
SIGNED_URL_SECONDS = 300


class MediaStorage(S3Storage):
    def _relative(self, name):
        location = (self.location or "").strip("/")
        name = name.lstrip("/")
        return name[len(location) + 1 :] if location and name.startswith(location + "/") else name

    def is_private(self, name):
        return self._relative(name).startswith(PRIVATE_PREFIXES)

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params["ACL"] = "private" if self.is_private(name) else "public-read"
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.is_private(name):
            return super().url(name, parameters, expire, http_method)
        # Never a plain bucket URL for a document; a short-lived signed one if anything asks (the app streams them).
        key = self._normalize_name(clean_name(name))
        return self.bucket.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket.name, "Key": key}, ExpiresIn=expire or SIGNED_URL_SECONDS
        )
