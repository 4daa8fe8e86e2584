// Sort the table by a column (press its heading again to reverse) and filter its rows.
// Plain DOM, no libraries, nothing fetched: it works from file://.
(function () {
  var table = document.getElementById("rows");
  if (!table) { return; }
  var body = table.tBodies[0];
  var shown = document.getElementById("shown");
  function text(row, column) { return row.cells[column].textContent.trim(); }
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = Number(button.dataset.column);
      var descending = button.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = text(a, column), y = text(b, column);
        var order = x.localeCompare(y, undefined, { numeric: true });
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      button.parentElement.setAttribute("aria-sort", descending ? "descending" : "ascending");
      button.setAttribute("aria-sort", descending ? "descending" : "ascending");
    });
  });
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var wanted = filter.value.toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var match = row.textContent.toLowerCase().indexOf(wanted) >= 0;
      row.hidden = !match;
      count += match ? 1 : 0;
    });
    shown.textContent = count + " of " + body.rows.length + " rows shown";
  });
})();
