// Brings the current entry of the staff menu into view when the strip
// scrolls sideways (a narrow screen, many entries), scrolling no further
// than needed. The menu works the same without it.
(function () {
  var cur = document.querySelector('.main-nav a[aria-current="page"]');
  if (!cur) return;
  var ul = cur.closest("ul");
  if (!ul || ul.scrollWidth <= ul.clientWidth) return;
  var a = cur.getBoundingClientRect(), u = ul.getBoundingClientRect();
  if (a.right > u.right) ul.scrollLeft += a.right - u.right + 24;
  else if (a.left < u.left) ul.scrollLeft -= u.left - a.left + 24;
})();
