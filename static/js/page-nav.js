// Marks the in-page navigation link of the section being read. The navigation works without it.
(function () {
  var nav = document.querySelector(".page-nav");
  if (!nav || !("IntersectionObserver" in window)) return;
  var links = {};
  nav.querySelectorAll("a[href^='#']").forEach(function (link) {
    links[link.getAttribute("href").slice(1)] = link;
  });
  var observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        Object.keys(links).forEach(function (id) {
          links[id].removeAttribute("aria-current");
        });
        var link = links[entry.target.id];
        if (link) link.setAttribute("aria-current", "location");
      });
    },
    { rootMargin: "-20% 0px -70% 0px" }
  );
  Object.keys(links).forEach(function (id) {
    var section = document.getElementById(id);
    if (section) observer.observe(section);
  });
})();
