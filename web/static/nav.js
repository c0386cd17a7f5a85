// Brings the current entry of the staff menu into view when the strip
// scrolls sideways (a narrow screen, many entries). The menu works the
// same without it.
(function () {
  var cur = document.querySelector('.main-nav a[aria-current="page"]');
  if (!cur) return;
  var ul = cur.closest("ul");
  if (!ul || ul.scrollWidth <= ul.clientWidth) return;
  var a = cur.getBoundingClientRect(), u = ul.getBoundingClientRect();
  ul.scrollLeft += (a.left + a.width / 2) - (u.left + u.width / 2);
})();
