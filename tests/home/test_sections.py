"""Links to the careers, trainings and employers sections follow those pages when editors move them."""

from home.sections import section_url


def rename(page, slug):
    page.slug = slug
    page.save_revision().publish()


def test_without_a_live_page_the_conventional_paths_are_used(db):
    assert [section_url(name) for name in ("careers", "trainings", "employers")] == [
        "/careers/",
        "/trainings/",
        "/employers/",
    ]


def test_a_renamed_training_search_is_linked_from_the_header(client, training_index, django_assert_num_queries):
    assert section_url("trainings") == "/trainings/"
    rename(training_index, "find-a-training")

    assert section_url("trainings") == "/find-a-training/"
    with django_assert_num_queries(0):
        section_url("trainings")  # cached until a page changes

    html = client.get("/search/").content.decode()
    assert '<a href="/find-a-training/">Trainings</a>' in html
    assert 'href="/trainings/"' not in html


def test_the_header_marks_the_current_section(client, training_index):
    html = client.get("/trainings/").content.decode()
    assert '<a href="/trainings/" aria-current="page">Trainings</a>' in html


def test_site_search_sends_see_all_to_the_moved_directory(client, employer_directory):
    rename(employer_directory, "local-employers")
    assert section_url("employers") == "/local-employers/"

    from search.site import KINDS_BY_KEY

    assert KINDS_BY_KEY["employers"].see_all_url("hospital") == "/local-employers/?q=hospital"


def test_unpublishing_the_section_falls_back(training_index):
    rename(training_index, "find-a-training")
    assert section_url("trainings") == "/find-a-training/"
    training_index.unpublish()
    assert section_url("trainings") == "/trainings/"
