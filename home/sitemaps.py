"""The sitemap with its addresses on the public host, like the pages' canonical links (home/seo.py)."""

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from home.seo import public_url, site_path


class PublicSitemap(WagtailSitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        site = self.get_wagtail_site()
        for url_info in urls:
            # Pages give their Site's address (get_sitemap_urls): the same path, on the host visitors use.
            url_info["location"] = public_url(self.request, site_path(url_info["location"]), site=site)
        return urls
