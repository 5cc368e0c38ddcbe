// The replay page's script: plain JavaScript, no library. It reads the recorded weights from the
// page's data, works out the forward and backward pass of the chosen case at the chosen sweep in the
// order backprop's Python code does, and brings the pictures, the cases and the equations up to date;
// for the chosen unit, it also sums ∂E/∂w over the sweep's cases as the trainer does and writes the
// change eq. (8) and (9) made at that sweep.
// Equations are named "eq. (N)" here, never with a hash before them: backprop/ keeps each marker once.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("replay-data").textContent);
  var POSITIVE = "#1f5fbf", NEGATIVE = "#c8102e";

  // ---- numbers written as Python writes them ------------------------------------------------------

  // The decimal digits of |v| (finite, not 0): {d: "1234...", e: the power of ten of the first digit}.
  // toPrecision(100) rounds once from the exact binary value, so the digits past the 10th tell exactly
  // whether a value is above, below or at a half, which is all that rounding to fewer digits needs.
  function digitsOf(v) {
    if (Math.abs(v) >= 1e21) {  // a whole number: every digit, exactly
      var whole = BigInt(Math.abs(v)).toString();
      return {d: whole.replace(/0+$/, ""), e: whole.length - 1};
    }
    var s = Math.abs(v).toPrecision(100), e = 0, k = s.indexOf("e");
    if (k >= 0) { e = parseInt(s.slice(k + 1), 10); s = s.slice(0, k); }
    var dot = s.indexOf("."), head = dot < 0 ? s : s.slice(0, dot);
    var digits = head + (dot < 0 ? "" : s.slice(dot + 1));
    var lead = /^0*/.exec(digits)[0].length;
    return {d: digits.slice(lead), e: head.length + e - lead - 1};
  }

  // The first n digits of d rounded half to even, as Python rounds; {d, carry} (carry: 999 became 1000).
  function roundDigits(d, n) {
    if (d.length <= n) return {d: (d + new Array(n + 1).join("0")).slice(0, n), carry: false};
    var head = d.slice(0, n), next = d.charAt(n), rest = d.slice(n + 1);
    var odd = n > 0 && parseInt(head.charAt(n - 1), 10) % 2 === 1;
    if (!(next > "5" || (next === "5" && (/[1-9]/.test(rest) || odd)))) return {d: head, carry: false};
    var up = head.split(""), i = n - 1;
    while (i >= 0 && up[i] === "9") { up[i] = "0"; i--; }
    if (i < 0) return {d: ("1" + up.join("")).slice(0, Math.max(n, 1)), carry: true};
    up[i] = String(parseInt(up[i], 10) + 1);
    return {d: up.join(""), carry: false};
  }

  // Digits D (the first at 10^e) written with `places` decimals; D holds exactly the digits needed.
  function fixedFrom(D, e, places) {
    var whole, fraction;
    if (e >= 0) {
      var padded = D + new Array(e + places + 2).join("0");
      whole = padded.slice(0, e + 1); fraction = padded.slice(e + 1, e + 1 + places);
    } else {
      whole = "0";
      fraction = (new Array(-e).join("0") + D + new Array(places + 1).join("0")).slice(0, places);
    }
    return places > 0 ? whole + "." + fraction : whole;
  }

  function special(v) {
    if (v !== v) return "nan";
    if (v === Infinity) return "inf";
    if (v === -Infinity) return "-inf";
    return null;
  }

  function sign(v) { return v < 0 || (v === 0 && 1 / v < 0) ? "-" : ""; }

  // Python's f"{v:.{p}g}".
  function g(v, p) {
    var s = special(v);
    if (s !== null) return s;
    if (v === 0) return sign(v) + "0";
    var x = digitsOf(v), r = roundDigits(x.d, p), e = x.e + (r.carry ? 1 : 0), text;
    if (e >= -4 && e < p) {
      text = fixedFrom(r.d, e, p - 1 - e);
      if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    } else {
      var mantissa = r.d.charAt(0) + (p > 1 ? "." + r.d.slice(1) : "");
      mantissa = mantissa.indexOf(".") >= 0 ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
      var power = Math.abs(e);
      text = mantissa + "e" + (e < 0 ? "-" : "+") + (power < 10 ? "0" : "") + power;
    }
    return sign(v) + text;
  }

  // Python's f"{v:.{places}f}".
  function f(v, places) {
    var s = special(v);
    if (s !== null) return s;
    if (v === 0) return sign(v) + fixedFrom("0", 0, places);
    var x = digitsOf(v), n = x.e + 1 + places;
    if (n < 0) return sign(v) + fixedFrom("0", 0, places);
    var r = roundDigits(x.d, n), e = x.e + (r.carry ? 1 : 0);
    if (n === 0) return sign(v) + (r.carry ? fixedFrom("1", e, places) : fixedFrom("0", 0, places));
    return sign(v) + fixedFrom(r.d, e, places);
  }

  var number = function (v) { return g(v, 9); };  // trace.number
  function factor(v) { return v < 0 ? "(" + number(v) + ")" : number(v); }  // trace.factor
  function total(terms) { return terms.join(" + ").split("+ -").join("− "); }  // trace.total
  function short(v) { var t = f(v, 2); return v < 0 ? t.replace("-", "−") : t; }  // draw.svg.short

  // ---- the library's arithmetic -------------------------------------------------------------------

  // Python's sum() of floats, from the int 0: plain adding before Python 3.12; from 3.12, compensated.
  function pySum(values) {
    var total = 0, i;
    if (!D.compensated) {
      for (i = 0; i < values.length; i++) total += values[i];
      return total;
    }
    if (!values.length) return 0;
    var c = 0, t, x;
    total = 0 + values[0];
    for (i = 1; i < values.length; i++) {
      x = values[i];
      t = total + x;
      if (Math.abs(total) >= Math.abs(x)) c += (total - t) + x; else c += (x - t) + total;
      total = t;
    }
    if (c && isFinite(c)) total += c;
    return total;
  }

  function logistic(x) { return x > -700 ? 1 / (1 + Math.exp(-x)) : Math.exp(x); }  // neuron.logistic

  // Every recorded weight, exactly: 8 bytes a float, little-endian, frame after frame.
  var W = (function () {
    var text = atob(D.weights), bytes = new Uint8Array(text.length), i;
    for (i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var view = new DataView(bytes.buffer), values = new Float64Array(text.length / 8);
    for (i = 0; i < values.length; i++) values[i] = view.getFloat64(8 * i, true);
    return values;
  })();

  var U = D.units.length, N = D.neurons.length;
  var y = new Array(U), x = new Array(U), dEdy = new Array(U), dEdx = new Array(U), gradients = new Array(N);
  var frame = 0, base = 0;  // base: where the chosen frame's weights start in W

  function w(j, k) { return W[base + D.neurons[j].at + k]; }
  function weightsOf(j) {
    var n = D.neurons[j].inputs.length + 1, out = new Array(n);
    for (var k = 0; k < n; k++) out[k] = w(j, k);
    return out;
  }
  function weightName(j, k) {
    var neuron = D.neurons[j], name = D.units[neuron.unit].name;
    return k < neuron.inputs.length ? "w[" + name + "←" + D.units[neuron.inputs[k]].name + "]" : "bias[" + name + "]";
  }

  // Network.forward: each layer reads its feeding units' y, then 1.0 for the bias line; eq. (1), (2).
  function forward(inputs) {
    D.inputUnits.forEach(function (u, k) { y[u] = inputs[k]; dEdy[u] = NaN; });
    D.layers.forEach(function (layer) {
      var ys = layer.feeding.map(function (u) { return y[u]; });
      ys.push(1.0);
      layer.ys = ys;
      layer.neurons.forEach(function (j) {
        var u = D.neurons[j].unit, products = new Array(ys.length);
        for (var k = 0; k < ys.length; k++) products[k] = w(j, k) * ys[k];
        x[u] = pySum(products);
        y[u] = logistic(x[u]);
        dEdy[u] = dEdx[u] = NaN;
      });
    });
    return D.outputUnits.map(function (u) { return y[u]; });
  }

  // Network.backward, down to the input units; eq. (4)-(7). As explain runs it: no margin; as training runs it:
  // an output within the trainer's margin of its target sends nothing down.
  function backward(targets, margin) {
    D.hiddenUnits.forEach(function (u) { dEdy[u] = 0; });
    D.inputUnits.forEach(function (u) { dEdy[u] = 0; });
    D.outputUnits.forEach(function (u, k) {
      var miss = y[u] - targets[k];
      dEdy[u] = Math.abs(miss) <= (margin || 0) ? 0 : miss;
    });
    for (var l = D.layers.length - 1; l >= 0; l--) {
      var layer = D.layers[l];
      layer.neurons.forEach(function (j) {
        var u = D.neurons[j].unit, out = y[u];
        var slope = dEdx[u] = dEdy[u] * out * (1 - out);
        gradients[j] = layer.ys.map(function (yi) { return slope !== 0 ? 0 + slope * yi : 0; });
      });
      layer.blocks.forEach(function (block) {
        block[1].forEach(function (u, i) {
          dEdy[u] += pySum(layer.neurons.map(function (j) { return dEdx[D.neurons[j].unit] * w(j, block[0] + i); }));
        });
      });
    }
  }

  // ---- the sweep's ∂E/∂w and its change: eq. (8) and (9) as Trainer._update makes it ----------------------

  var TRAINED = D.cases.length - D.heldOut;  // the cases trained on come first; the held-out ones after them
  var groupOf = new Array(N);  // each neuron's weight group (tied copies share one)
  D.groups.forEach(function (group, k) { group.forEach(function (j) { groupOf[j] = k; }); });
  var ZEROS = new Float64Array(D.perFrame);
  function weightAt(f, i) { return W[f * D.perFrame + i]; }  // weight i of frame f, in the order of the groups

  // The frame of the sweep after frame f's, or -1: the next frame if it is that sweep, or, after the last frame,
  // the weights the net was left with (D.after: the last sweep's change made).
  function nextFrame(f) {
    if (f + 1 < D.sweeps.length) return D.sweeps[f + 1] === D.sweeps[f] + 1 ? f + 1 : -1;
    return D.after ? f + 1 : -1;
  }

  // The trainer's ε, α and weight decay at sweep s: the last setting of the schedule that starts by then.
  function settingAt(s) {
    var found = null;
    D.schedule.forEach(function (setting) { if (setting[0] <= s) found = setting; });
    return found;
  }

  // Trainer._every_case in batch: each case trained on, in order, forward, (4) with the trainer's margin, and
  // backward; eq. (6) adds each case's ∂E/∂w into a sum per neuron that starts at 0 (Neuron.backward: nothing
  // added where ∂E/∂x is 0). What a Recording reads as unit.dE_dw.
  var summed = {frame: -1, sums: null, used: null};
  function summedGradients(f) {
    if (summed.frame === f) return summed;
    var saved = base, sums = D.neurons.map(function (neuron) {
      var zeros = new Array(neuron.inputs.length + 1);
      for (var k = 0; k < zeros.length; k++) zeros[k] = 0;
      return zeros;
    });
    base = f * D.perFrame;
    for (var c = 0; c < TRAINED; c++) {
      forward(D.cases[c][0]);
      backward(D.cases[c][1], D.margin);
      D.layers.forEach(function (layer) {
        layer.neurons.forEach(function (j) {
          var slope = dEdx[D.neurons[j].unit], sum = sums[j], ys = layer.ys;
          if (!slope) return;
          for (var k = 0; k < sum.length; k++) sum[k] = sum[k] + slope * ys[k];
        });
      });
    }
    base = saved;
    // Trainer._gradients: what (8) uses, a neuron's own sum; for tied copies, their sums added (Python's sum,
    // copy by copy) and divided by how many they are (tied="sum": not divided).
    var used = new Float64Array(D.perFrame);
    D.groups.forEach(function (group) {
      var at = D.neurons[group[0]].at, size = sums[group[0]].length;
      for (var k = 0; k < size; k++) {
        if (group.length === 1) { used[at + k] = sums[group[0]][k]; continue; }
        var total = pySum(group.map(function (j) { return sums[j][k]; }));
        used[at + k] = D.tied === "sum" ? total : total / group.length;
      }
    });
    summed = {frame: f, sums: sums, used: used};
    return summed;
  }

  // Trainer._update from Δw(t−1) = previous: Δw = −ε·∂E/∂w, plus α·Δw(t−1) where α is not 0; then every
  // weight w + Δw, times 1 − the weight decay.
  function stepFrom(f, setting, previous) {
    var used = summedGradients(f).used, change = new Float64Array(D.perFrame), next = new Float64Array(D.perFrame);
    var learningRate = setting[1], momentum = setting[2], keep = 1 - setting[3];
    for (var i = 0; i < D.perFrame; i++) {
      var step = -learningRate * used[i];
      if (momentum) step = step + momentum * previous[i];
      change[i] = step;
      next[i] = (weightAt(f, i) + step) * keep;
    }
    return {change: change, next: next};
  }

  function sameWeights(values, f) {
    for (var i = 0; i < D.perFrame; i++) if (values[i] !== weightAt(f, i)) return false;
    return true;
  }

  // Δw(t−1) at frame F as the trainer kept it, or null where the page cannot know it. From a sweep that needs
  // none (sweep 1, where it is 0; a sweep whose α is 0), the page works the changes out sweep by sweep, as the
  // trainer did, and keeps one only where it gives the next sweep's recorded weights exactly.
  var exact = [];
  function previousAt(F) {
    if (D.online) return null;
    var f = F;
    while (f > 0 && exact[f] === undefined) f--;
    if (exact[f] === undefined) exact[f] = D.sweeps[f] === 1 ? ZEROS : null;
    for (; f < F; f++) {
      var setting = settingAt(D.sweeps[f]), known = exact[f];
      exact[f + 1] = null;
      if (nextFrame(f) !== f + 1 || setting === null || (known === null && setting[2])) continue;
      var step = stepFrom(f, setting, known || ZEROS);
      if (sameWeights(step.next, f + 1)) exact[f + 1] = step.change;
    }
    return exact[F];
  }

  // Why Δw(t−1) at frame F is not known: a sweep before it is not on the page, or the settings given do not give
  // the recorded weights of a sweep before it.
  function whyNotKnown(F) {
    var g = F;
    while (g > 0 && D.sweeps[g - 1] === D.sweeps[g] - 1) g--;
    if (D.sweeps[g] !== 1) {
      return g === 0 ? "the recording starts at sweep " + D.sweeps[0] + ", after the trainer's first change" :
        "sweep " + (D.sweeps[g] - 1) + " is not on this page";
    }
    for (var f = g + 1; f <= F; f++) {
      if (exact[f] !== null) continue;
      if (settingAt(D.sweeps[f - 1]) === null) return "this page was not given ε and α for sweep " + D.sweeps[f - 1];
      return "the ε, α and weight decay given do not give the weights of sweep " + D.sweeps[f];
    }
    return "the page could not work the changes out up to here";
  }

  // The sweep's ∂E/∂w and its change at frame F (batch): how the page knows the change ("exact": worked out as
  // the trainer did; "weights": read from the next sweep's weights; "unknown"; "stopped": none was made).
  function changeAt(F) {
    var s = D.sweeps[F], setting = settingAt(s), sums = summedGradients(F), next = nextFrame(F);
    var info = {how: "unknown", why: "", setting: setting, sums: sums.sums, used: sums.used, previous: null,
                change: null, next: null};
    if (F === D.sweeps.length - 1 && D.stopped) { info.how = "stopped"; return info; }
    if (setting !== null) {
      var previous = setting[2] ? previousAt(F) : ZEROS;
      if (previous) {
        var step = stepFrom(F, setting, previous);
        if (next < 0 || sameWeights(step.next, next)) {
          info.how = "exact";
          info.previous = setting[2] ? previous : null;  // with α = 0, (9) adds nothing
          info.change = step.change;
          info.next = step.next;
          return info;
        }
        info.why = "the ε, α and weight decay given do not give " + (next === D.sweeps.length ?
          "the weights the net was left with" : "the weights of sweep " + (s + 1));
      } else {
        info.why = whyNotKnown(F);
      }
    } else {
      info.why = "this page was not given the trainer's ε and α";
    }
    if (next >= 0) {  // the change read from the weights: the next sweep's, its weight decay taken back
      var keep = setting === null ? 1 : 1 - setting[3];
      info.how = "weights";
      info.change = new Float64Array(D.perFrame); info.next = new Float64Array(D.perFrame);
      for (var i = 0; i < D.perFrame; i++) {
        info.next[i] = weightAt(next, i);
        info.change[i] = keep === 1 ? info.next[i] - weightAt(F, i) : info.next[i] / keep - weightAt(F, i);
      }
    }
    return info;
  }

  // ---- explain's lines for one unit (trace.explain with unit=...) ------------------------------------

  // Every lookup by a name or a number is an object without a prototype: a unit named "constructor" or
  // "__proto__", or an address asking for one, finds nothing that is not the page's own.
  var neuronOfUnit = Object.create(null);
  D.neurons.forEach(function (neuron, j) { neuronOfUnit[neuron.unit] = j; });
  var outputIndex = Object.create(null);
  D.outputUnits.forEach(function (u, k) { outputIndex[u] = k; });

  function sentDown(u) {
    var terms = [];
    D.neurons.forEach(function (neuron, j) {
      neuron.inputs.forEach(function (sender, k) {
        if (sender === u) terms.push(number(dEdx[neuron.unit]) + "×" + factor(w(j, k)));
      });
    });
    return terms;
  }

  function explainUnit(u, targets) {
    var name = D.units[u].name, j = neuronOfUnit[u], steps = [["forward pass"]];
    if (j === undefined) {
      steps.push([name, "", "y = " + number(y[u]) + "   (the input)"]);
    } else {
      var ys = D.neurons[j].inputs.map(function (i) { return y[i]; }).concat([1.0]), terms = [];
      ys.forEach(function (yi, k) { terms.push(number(yi) + "×" + factor(w(j, k))); });
      steps.push([name, "(1)", "x = " + total(terms) + " = " + number(x[u])]);
      steps.push([name, "(2)", ("y = 1/(1+e^−" + number(x[u]) + ") = " + number(y[u])).replace("e^−-", "e^")]);
    }
    steps.push(["backward pass"]);
    var down = sentDown(u);
    if (u in outputIndex) {
      var d = number(targets[outputIndex[u]]);
      if (down.length) {
        steps.push([name, "(4)+(7)", "∂E/∂y = (y − d) + Σ_j ∂E/∂x_j·w_j," + name + " = " +
          total(["(" + number(y[u]) + " − " + d + ")"].concat(down)) + " = " + number(dEdy[u])]);
      } else {
        steps.push([name, "(4)", "∂E/∂y = y − d = " + number(y[u]) + " − " + d + " = " + number(dEdy[u])]);
      }
    } else {
      steps.push([name, "(7)", "∂E/∂y = Σ_j ∂E/∂x_j·w_j," + name + " = " + total(down) + " = " + number(dEdy[u])]);
    }
    if (j !== undefined) {
      var out = number(y[u]);
      steps.push([name, "(5)", "∂E/∂x = ∂E/∂y·y·(1−y) = " + number(dEdy[u]) + "×" + out + "×(1 − " + out + ") = " +
        number(dEdx[u])]);
      gradients[j].forEach(function (gradient, k) {
        var line = weightName(j, k), inputs = D.neurons[j].inputs;
        steps.push([line, "(6)", k < inputs.length
          ? "∂E/∂" + line + " = ∂E/∂x·y_" + D.units[inputs[k]].name + " = " + number(dEdx[u]) + "×" +
            factor(y[inputs[k]]) + " = " + number(gradient)
          : "∂E/∂" + line + " = ∂E/∂x·1 = " + number(gradient)]);
      });
    }
    return render(steps, name.length);
  }

  // trace.render_text: the unit's name once per pass, weights' lines indented, the equation at the end.
  function render(steps, width) {
    var lines = [], last = null;
    steps.forEach(function (step) {
      if (step.length === 1) { lines.push(step[0]); last = null; return; }
      var isWeight = step[0].indexOf("w[") === 0 || step[0].indexOf("bias[") === 0;
      var label = isWeight || step[0] === last ? "" : step[0];
      if (!isWeight) last = step[0];
      while (label.length < width) label += " ";
      lines.push("  " + label + "  " + step[2] + (step[1] ? "   " + step[1] : ""));
    });
    return lines.join("\n");
  }

  // ---- the page -------------------------------------------------------------------------------------

  var $ = function (id) { return document.getElementById(id); };
  var SVGNS = "http://www.w3.org/2000/svg";
  var state = {frame: 0, chosenCase: 0, unit: D.outputUnits[0]};
  var byName = Object.create(null);
  D.units.forEach(function (unit, u) { byName[unit.name] = u; });
  var slider = $("slider"), timer = null;
  slider.max = String(D.sweeps.length - 1);

  var circles = Object.create(null), names = Object.create(null), values = Object.create(null);
  document.querySelectorAll("#network-panel circle.unit").forEach(function (c) { circles[c.dataset.unit] = c; });
  document.querySelectorAll("#network-panel text.unit-name").forEach(function (t) { names[t.dataset.unit] = t; });
  document.querySelectorAll("#network-panel text.unit-value").forEach(function (t) { values[t.dataset.unit] = t; });
  var lines = Object.create(null), labels = Object.create(null);
  document.querySelectorAll("#network-panel path.connection").forEach(function (p) { lines[p.dataset.weight] = p; });
  document.querySelectorAll("#network-panel text.weight-label").forEach(function (t) {
    labels[t.dataset.weight] = t;
  });
  var connections = [];  // [neuron, k, name] in network_svg's order
  D.neurons.forEach(function (neuron, j) {
    neuron.inputs.forEach(function (sender, k) { connections.push([j, k, weightName(j, k)]); });
  });

  // A long name cut to `most` characters with an ellipsis, so that the page fits the window; the whole
  // name stays where a pointer resting on it shows it (a title).
  function cut(text, most) { return text.length <= most ? text : text.slice(0, most - 1) + "…"; }

  function setTitle(element, text) {
    var t = element.querySelector("title");
    if (!t) { t = document.createElementNS(SVGNS, "title"); element.appendChild(t); }
    t.textContent = text;
  }

  function drawNetwork() {
    var largest = 0;
    connections.forEach(function (c) { largest = Math.max(largest, Math.abs(w(c[0], c[1]))); });
    largest = largest || 1;
    connections.forEach(function (c) {
      var value = w(c[0], c[1]), colour = value >= 0 ? POSITIVE : NEGATIVE, line = lines[c[2]], label = labels[c[2]];
      if (line) {
        line.setAttribute("stroke", colour);
        line.setAttribute("stroke-width", (0.6 + 5 * Math.abs(value) / largest).toFixed(2));
        setTitle(line, c[2] + " = " + g(value, 6));
      }
      if (label) {  // the value on the line, in its white box (draw.svg.Svg.text), for the chosen unit's lines only
        var text = short(value), box = label.previousElementSibling;
        var shown = D.neurons[c[0]].unit === state.unit || D.neurons[c[0]].inputs[c[1]] === state.unit;
        label.textContent = text;
        label.setAttribute("fill", colour);
        label.style.display = shown ? "" : "none";
        if (box && box.getAttribute("class") === "label-box") {  // as wide as the text drawn, 2 px on each side
          var width = shown && label.getComputedTextLength ? label.getComputedTextLength() : 0;
          width = width || 0.6 * parseFloat(label.getAttribute("font-size")) * text.length;
          box.setAttribute("x", (parseFloat(label.getAttribute("x")) - width / 2 - 2).toFixed(1));
          box.setAttribute("width", (width + 4).toFixed(1));
          box.style.display = shown ? "" : "none";
        }
      }
    });
    D.units.forEach(function (unit, u) {
      var c = circles[unit.name], out = y[u];
      if (!c) return;
      var shade = Math.trunc(255 - 200 * Math.min(Math.max(out, 0), 1)), ink = out > 0.6 ? "white" : "black";
      c.setAttribute("fill", "rgb(" + shade + "," + shade + "," + shade + ")");
      c.classList.toggle("chosen", u === state.unit);
      setTitle(c, unit.name + " (" + unit.kind + "): y = " + g(out, 6) + " for this case; click for its equations");
      if (names[unit.name]) names[unit.name].setAttribute("fill", ink);
      if (values[unit.name]) {
        values[unit.name].setAttribute("fill", ink);
        values[unit.name].textContent = short(out);
      }
    });
  }

  var squares = [], legend = null;
  if (D.hinton) {
    document.querySelectorAll("#hinton-panel rect.weight").forEach(function (r) {
      var side = parseFloat(r.getAttribute("width"));
      squares.push({rect: r, cx: parseFloat(r.getAttribute("x")) + side / 2,
                    cy: parseFloat(r.getAttribute("y")) + side / 2});
    });
    document.querySelectorAll("#hinton-panel text").forEach(function (t) {
      if (t.textContent.indexOf("negative; area") === 0) legend = t;
    });
  }

  function drawHinton() {  // draw.hinton.hinton_svg's squares: area ∝ |w|, the largest of this sweep filling 80%
    if (!D.hinton) return;
    var all = [], largest = 0;
    D.hinton.forEach(function (j) { weightsOf(j).forEach(function (v, k) { all.push([j, k, v]); }); });
    all.forEach(function (item) { largest = Math.max(largest, Math.abs(item[2])); });
    largest = largest || 1;
    all.forEach(function (item, n) {
      var s = squares[n];
      if (!s) return;
      var side = 18 * 0.8 * Math.sqrt(Math.abs(item[2]) / largest), r = s.rect;
      r.setAttribute("x", (s.cx - side / 2).toFixed(2));
      r.setAttribute("y", (s.cy - side / 2).toFixed(2));
      r.setAttribute("width", side.toFixed(2));
      r.setAttribute("height", side.toFixed(2));
      if (item[2] >= 0) {
        r.setAttribute("fill", POSITIVE); r.removeAttribute("stroke"); r.removeAttribute("stroke-width");
      } else {
        r.setAttribute("fill", "white"); r.setAttribute("stroke", NEGATIVE); r.setAttribute("stroke-width", "1.6");
      }
      setTitle(r, weightName(item[0], item[1]) + " = " + g(item[2], 6));
    });
    if (legend) legend.textContent = "negative; area ∝ |w|, largest " + f(largest, 2);
  }

  // The cases' table: made once, its outputs brought up to date at every sweep. The held-out cases (the page's
  // last) are listed first, under a heading of their own, where a reader sees them without scrolling.
  var rows = [], order = [];
  (function () {
    var body = document.querySelector("#cases tbody"), k;
    function heading(text) {
      var row = document.createElement("tr"), cell = document.createElement("th");
      row.className = "group";
      cell.colSpan = 4;
      cell.textContent = text;
      row.appendChild(cell);
      body.appendChild(row);
    }
    for (k = TRAINED; k < D.cases.length; k++) order.push(k);
    for (k = 0; k < TRAINED; k++) order.push(k);
    order.forEach(function (k, place) {
      if (D.heldOut && place === 0) heading("held out (not trained on): " + D.heldOut);
      if (D.heldOut && place === D.heldOut) heading("trained on: " + TRAINED);
      var row = document.createElement("tr");
      row.tabIndex = 0;
      row.dataset.case = String(k);
      row.innerHTML = '<td class="mark"></td><td class="number"></td><td class="label"></td><td class="outputs"></td>';
      row.children[1].textContent = String(k);
      row.children[2].textContent = D.labels[k] + (k >= TRAINED ? "  (held out)" : "");
      if (k >= TRAINED) row.classList.add("held-out");
      row.addEventListener("click", function () { chooseCase(k); });
      body.appendChild(row);
      rows[k] = row;
    });
  })();

  function outputsText(outputs) {
    if (D.outputNames) {
      var on = D.outputNames.filter(function (name, k) { return outputs[k] > 0.5; });
      return on.length ? on.join(", ") : "nobody";
    }
    return outputs.map(function (v) { return f(v, 3); }).join(" ");
  }

  function drawCases() {
    var right = 0, training = D.cases.length - D.heldOut, rightTraining = 0;
    D.cases.forEach(function (c, k) {
      var outputs = forward(c[0]), miss = 0;
      outputs.forEach(function (v, i) { miss = Math.max(miss, Math.abs(v - c[1][i])); });
      var ok = miss < 0.5, row = rows[k];  // history.is_right
      if (ok) { right++; if (k < training) rightTraining++; }
      row.children[0].textContent = ok ? "✓" : "✗";
      row.classList.toggle("wrong", !ok);
      row.children[3].textContent = outputsText(outputs);
      row.dataset.outputs = outputs.map(String).join(" ");
      row.dataset.right = ok ? "1" : "0";
      row.classList.toggle("chosen", k === state.chosenCase);
      row.setAttribute("aria-selected", k === state.chosenCase ? "true" : "false");
    });
    var sweep = D.sweeps[state.frame];
    $("cases-heading").textContent = "cases at sweep " + sweep + ": " + rightTraining + " of " + training + " right" +
      (D.heldOut ? "; held out: " + (right - rightTraining) + " of " + D.heldOut : "");
    $("right-shown").textContent = rightTraining + "/" + training + " right";
  }

  function drawCurve() {
    var cursor = $("cursor"), dot = $("cursor-dot"), data = cursor.dataset, sweep = D.sweeps[state.frame];
    var at = parseFloat(data.left) + sweep / parseFloat(data.span) * parseFloat(data.width);
    cursor.setAttribute("x1", at.toFixed(1));
    cursor.setAttribute("x2", at.toFixed(1));
    var E = D.errors[state.frame], low = parseFloat(data.low), high = parseFloat(data.high);
    var shown = data.log === "1" ? Math.log10(Math.max(E, Math.pow(10, low))) : E;
    var top = parseFloat(data.top) + (1 - (shown - low) / (high - low)) * parseFloat(data.height);
    dot.setAttribute("cx", at.toFixed(1));
    dot.setAttribute("cy", top.toFixed(1));
    $("error-shown").textContent = "E = " + g(E, 6);
  }

  // The chosen unit's lines of the sweep's change, written as explain writes equations (each weight's name once,
  // then its lines): its ∂E/∂w summed over the sweep beside this case's, its change by (8) and (9), and the
  // weight after the change; and a note on how the page knows them.
  function changeLines(j, info, s) {
    var neuron = D.neurons[j], at = neuron.at, group = D.groups[groupOf[j]], setting = info.setting, lines = [];
    var epsilon = setting ? number(setting[1]) : "", alpha = setting ? setting[2] : 0;
    var keep = setting ? 1 - setting[3] : 1;
    var names = [], width = 0, k;
    for (k = 0; k <= neuron.inputs.length; k++) {
      names.push(weightName(j, k));
      width = Math.max(width, names[k].length);
    }
    var wide = width > 12;  // long names on a line of their own, the numbers under them
    if (wide) width = 0;
    var pad = new Array(width + 1).join(" "), decay = setting && setting[3] ? number(setting[3]) : "";
    if (setting) {
      lines.push("sweep " + s + ": ε = " + g(setting[1], 6) + ", α = " + g(setting[2], 6) +
        (decay ? ", weight decay " + g(setting[3], 6) : ""));
    }
    var legend = {
      exact: (alpha ? "Δw = −ε·Σ∂E/∂w + α·Δw(t−1)   (8)+(9)" : "Δw = −ε·Σ∂E/∂w   (8)") + "; new w = " +
        (decay ? "(w + Δw)×(1 − " + decay + ")" : "w + Δw"),
      weights: "Δw = " + (decay ? "new w/(1 − " + decay + ") − w" : "new w − w") +
        (setting ? " = −ε·Σ∂E/∂w + α·Δw(t−1)   (8)+(9)" : ""),
      unknown: setting ? "Δw = −ε·Σ∂E/∂w + α·Δw(t−1)   (8)+(9): (8)'s part alone" : "",
      stopped: "no Δw: training stopped before this sweep's change"
    }[info.how];
    if (legend) lines.push(legend);
    for (k = 0; k <= neuron.inputs.length; k++) {
      var used = info.used[at + k], weight = weightAt(state.frame, at + k), eight = setting ? -setting[1] * used : NaN;
      var said = ["Σ∂E/∂w = " + number(info.sums[j][k]) + "   (this case: " + number(gradients[j][k]) + ")   (6)"];
      if (group.length > 1) {
        said.push("(8) uses the " + group.length + " tied copies' Σ " + (D.tied === "sum" ? "added" : "averaged") +
          ": " + number(used));
      }
      if (info.how === "exact") {
        var change = info.change[at + k], next = info.next[at + k];
        said.push("Δw = −" + epsilon + "×" + factor(used) + (alpha ? " + " + number(alpha) + "×" +
          factor(info.previous[at + k]) : "") + " = " + number(change));
        said.push("new w = " + (decay ? "(" : "") + number(weight) + " + " + factor(change) +
          (decay ? ")×" + number(keep) : "") + " = " + number(next));
      } else if (info.how === "weights") {
        var read = info.change[at + k], after = info.next[at + k];
        said.push("new w = " + number(after) + "; Δw = " + number(after) + (decay ? "/" + number(keep) : "") + " − " +
          factor(weight) + " = " + number(read));
        if (setting) {
          said.push("(8): −" + epsilon + "×" + factor(used) + " = " + number(eight) + "; (9): α·Δw(t−1) = " +
            number(read) + " − " + factor(eight) + " = " + number(read - eight));
        }
      } else if (info.how === "unknown" && setting) {
        said.push("−ε·Σ∂E/∂w = −" + epsilon + "×" + factor(used) + " = " + number(eight) + "   (8)");
      }
      if (wide) lines.push(names[k]);
      said.forEach(function (text, n) {
        lines.push((n || wide ? pad : (names[k] + pad).slice(0, width)) + "  " + text);
      });
    }
    var note = "Σ: over the " + TRAINED + " cases trained on" +
      (D.heldOut ? " (not the " + D.heldOut + " held out)" : "") +
      (D.margin ? ", an output within " + g(D.margin, 6) + " of its target adding nothing" : "") + ", at this " +
      "sweep's weights: the ∂E/∂w that (8) uses. ";
    var nextSweep = nextFrame(state.frame) === D.sweeps.length ? "the weights the net was left with" :
      "the weights of sweep " + (s + 1);
    note += {
      exact: "Δw(t−1): the change of sweep " + (s - 1) + " as the trainer kept it (0 at sweep 1): the page works " +
        "every change out from sweep 1 as the trainer did, and each gives the next sweep's weights exactly" +
        (nextFrame(state.frame) < 0 ? " (sweep " + (s + 1) + " is not on this page to compare)." : "."),
      weights: "Δw(t−1) is not known here (" + info.why + "): the new w is " + nextSweep + ", and Δw is read from it" +
        (setting ? "; α·Δw(t−1) is what remains after (8)'s part." : "."),
      unknown: "Δw is not known here: " + (s === D.sweeps[D.sweeps.length - 1] ? "the net's weights after sweep " + s +
        "'s change are not on this page" : "sweep " + (s + 1) + " is not on this page") + ", and Δw(t−1) is not " +
        "known (" + info.why + ")" + (setting ? "; (8)'s part alone." : "."),
      stopped: "Training stopped at this sweep, before its change: no weight changed. (8) would have used this Σ."
    }[info.how];
    return {note: note, lines: lines, indent: width + 2, head: (setting ? 1 : 0) + (legend ? 1 : 0)};
  }

  // Online: each case changed the weights just after its backward pass; the page holds the weights after each
  // sweep's last change, so it shows the sweep's changes together, from the weights after the sweep before.
  function onlineLines(j, s) {
    var neuron = D.neurons[j], at = neuron.at, before = state.frame > 0 && D.sweeps[state.frame - 1] === s - 1;
    var setting = settingAt(s), lines = [], names = [], width = 0, k;
    for (k = 0; k <= neuron.inputs.length; k++) {
      names.push(weightName(j, k));
      width = Math.max(width, names[k].length);
    }
    for (k = 0; before && k <= neuron.inputs.length; k++) {
      var a = weightAt(state.frame - 1, at + k), b = weightAt(state.frame, at + k);
      lines.push((names[k] + new Array(width + 1).join(" ")).slice(0, width) + "  w after sweep " + (s - 1) + " = " +
        number(a) + ", after sweep " + s + " = " + number(b) + "; the sweep's changes: " + number(b) + " − " +
        factor(a) + " = " + number(b - a));
    }
    var note = "Online, each case changed the weights right after its backward pass, by (8) and (9) with its own " +
      "∂E/∂w" + (setting ? " (ε = " + g(setting[1], 6) + ", α = " + g(setting[2], 6) + ")" : "") + ", at weights " +
      "this page does not hold: it holds the weights after each sweep. " + (before
        ? "So here are the " + D.cases.length + " changes of sweep " + s + " together."
        : "The weights after sweep " + (s - 1) + " are not on this page: the sweep's changes are not known here.");
    return {note: note, lines: lines, indent: width + 2, head: 0};
  }

  function drawUnit() {
    var c = D.cases[state.chosenCase], u = state.unit, name = D.units[u].name, j = neuronOfUnit[u];
    var s = D.sweeps[state.frame], info = null;
    if (j !== undefined && !D.online) info = changeAt(state.frame);  // every case: before the chosen one's pass
    forward(c[0]);
    backward(c[1]);
    var box = $("equations");
    box.textContent = "";
    explainUnit(u, c[1]).split("\n").forEach(function (line) {  // a block per line: long sums wrap under themselves
      var div = document.createElement("div");
      div.textContent = line;
      div.className = /^ {2}\S/.test(line) ? "unit-line" : /^\S/.test(line) ? "pass" : "";
      box.appendChild(div);
    });
    var written = j === undefined ? {note: "An input unit has no weights: nothing of it changes.", lines: [],
      indent: 0, head: 0} :
      D.online ? onlineLines(j, s) : changeLines(j, info, s);
    var changeBox = $("change");
    changeBox.textContent = "";
    written.lines.forEach(function (line, n) {
      var div = document.createElement("div");
      div.textContent = line;
      if (n < written.head) {
        div.className = n === 0 && info !== null && info.setting ? "pass" : "legend";
      } else {  // a long line wraps under its text, not under the weight's name
        div.style.paddingLeft = written.indent + "ch";
        div.style.textIndent = "-" + written.indent + "ch";
      }
      changeBox.appendChild(div);
    });
    $("change-note").textContent = written.note;
    changeBox.hidden = !written.lines.length;
    function part(values) {
      return values && j !== undefined ? Array.prototype.slice.call(values, D.neurons[j].at,
        D.neurons[j].at + D.neurons[j].inputs.length + 1) : null;
    }
    changeBox.dataset.values = JSON.stringify(info === null ? {how: D.online ? "online" : "input"} : {
      how: info.how, sums: info.sums[j], used: part(info.used), previous: part(info.previous),
      change: part(info.change), next: part(info.next), setting: info.setting, "case": gradients[j]});
    box.dataset.unit = name;
    box.dataset.values = JSON.stringify({x: x[u], y: y[u], dE_dy: dEdy[u], dE_dx: dEdx[u],
      dE_dw: neuronOfUnit[u] === undefined ? null : gradients[neuronOfUnit[u]]});
    $("unit-heading").textContent = "(" + cut(D.units[u].kind, 60) + ") at sweep " + D.sweeps[state.frame] +
      ", case " + state.chosenCase + ": " + D.labels[state.chosenCase];
    $("unit-heading").title = D.units[u].kind.length > 60 ? D.units[u].kind : "";
    $("unit-choice").value = String(u);
  }

  function draw() {
    base = state.frame * D.perFrame;
    slider.value = String(state.frame);
    $("sweep-shown").textContent = "sweep " + D.sweeps[state.frame];
    $("frame-shown").textContent = "(" + (state.frame + 1) + " of " + D.sweeps.length + ")";
    drawCases();
    drawCurve();
    drawHinton();
    drawUnit();  // the chosen case forwarded last: the network shows its y
    drawNetwork();
    writeFragment();
  }

  // ---- the view in the URL: #sweep=700&case=12&unit=h1 --------------------------------------------------

  function nearestFrame(sweep) {
    var best = 0;
    D.sweeps.forEach(function (s, k) { if (Math.abs(s - sweep) < Math.abs(D.sweeps[best] - sweep)) best = k; });
    return best;
  }

  // What the page says when the address asks for a sweep it does not hold: which one it shows instead.
  function notKept(sweep) {
    var first = D.sweeps[0], last = D.sweeps[D.sweeps.length - 1], shown = D.sweeps[state.frame];
    if (sweep > last) return "Sweep " + sweep + " is after the last sweep on this page; showing sweep " + last + ".";
    if (sweep < first) {
      return "Sweep " + sweep + " is before the first sweep on this page; showing sweep " + first + ".";
    }
    return "Sweep " + sweep + " is not on this page, which holds " + D.onPage + "; showing sweep " + shown +
      ", the nearest.";
  }

  // The view the address asks for. What the page cannot show (a unit this net does not have, a case or a
  // sweep that is not a number, a part that is not well-formed) is left as it was, and the page says so.
  function readFragment() {
    var wanted = Object.create(null), puzzled = [];
    function quoted(text) { return "'" + cut(text, 40) + "'"; }
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) return;
      var at = part.indexOf("="), key, value;
      try {
        key = decodeURIComponent(at >= 0 ? part.slice(0, at) : part);
        value = at >= 0 ? decodeURIComponent(part.slice(at + 1)) : "";
      } catch (error) {  // a "%" not followed by two hexadecimal digits, or half a character
        puzzled.push("The address's " + quoted(part) + " cannot be read (it is not well-formed): left out.");
        return;
      }
      if (at < 0 || (key !== "sweep" && key !== "case" && key !== "unit")) {
        puzzled.push("The address's " + quoted(part) + " means nothing here (sweep=, case= and unit= do): left out.");
        return;
      }
      wanted[key] = value;
    });
    if (wanted.sweep !== undefined) {
      var sweep = parseInt(wanted.sweep, 10);
      if (isFinite(sweep)) {
        state.frame = nearestFrame(sweep);
        if (D.sweeps[state.frame] !== sweep) puzzled.push(notKept(sweep));
      } else {
        puzzled.push("The address asked for sweep " + quoted(wanted.sweep) + ", which is not a number; " +
                     "showing sweep " + D.sweeps[state.frame] + ".");
      }
    }
    if (wanted["case"] !== undefined) {
      var k = parseInt(wanted["case"], 10);
      if (k >= 0 && k < D.cases.length) state.chosenCase = k;
      else puzzled.push("The address asked for case " + quoted(wanted["case"]) + ", which this page does not have " +
                        "(it has cases 0 to " + (D.cases.length - 1) + "); showing case " + state.chosenCase + ".");
    }
    if (wanted.unit !== undefined) {
      if (byName[wanted.unit] !== undefined) state.unit = byName[wanted.unit];
      else puzzled.push("The address asked for unit " + quoted(wanted.unit) + ", which this net does not have; " +
                        "showing " + cut(D.units[state.unit].name, 40) + ".");
    }
    var note = $("view-note");
    note.textContent = puzzled.join(" ");
    note.hidden = !puzzled.length;
  }

  var written = "";
  function writeFragment() {
    var fragment = "#sweep=" + D.sweeps[state.frame] + "&case=" + state.chosenCase + "&unit=" +
      encodeURIComponent(D.units[state.unit].name);
    if (fragment === location.hash) { written = fragment; return; }
    written = fragment;
    try { history.replaceState(null, "", fragment); } catch (error) { location.replace(fragment); }
  }

  window.addEventListener("hashchange", function () {
    if (location.hash !== written) { readFragment(); draw(); showChosenCase(); }
  });

  // ---- controls ---------------------------------------------------------------------------------------

  function go(k) { state.frame = Math.max(0, Math.min(D.sweeps.length - 1, k)); draw(); }
  function chooseCase(k) { state.chosenCase = k; draw(); showChosenCase(); }
  function showChosenCase() {  // scroll the list of cases, not the page, to the chosen one
    var box = $("cases-box"), row = rows[state.chosenCase];
    if (row.offsetTop < box.scrollTop || row.offsetTop + row.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = row.offsetTop - (box.clientHeight - row.offsetHeight) / 2;
    }
  }
  function chooseUnit(u) { state.unit = u; draw(); }

  function play() {
    if (timer !== null) { pause(); return; }
    if (state.frame >= D.sweeps.length - 1) go(0);
    $("play").textContent = "❚❚ pause";
    $("play").setAttribute("aria-label", "pause");
    var step = Math.max(1, Math.round(D.sweeps.length / 300));  // a whole run plays in about 30 s at most
    timer = setInterval(function () {
      if (state.frame >= D.sweeps.length - 1) { pause(); return; }
      go(state.frame + step);
    }, 100);
  }
  function pause() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    $("play").textContent = "▶ play";
    $("play").setAttribute("aria-label", "play");
  }

  $("first").addEventListener("click", function () { pause(); go(0); });
  $("back").addEventListener("click", function () { pause(); go(state.frame - 1); });
  $("forward").addEventListener("click", function () { pause(); go(state.frame + 1); });
  $("last").addEventListener("click", function () { pause(); go(D.sweeps.length - 1); });
  $("play").addEventListener("click", play);
  slider.addEventListener("input", function () { pause(); go(parseInt(slider.value, 10)); });

  var choice = $("unit-choice");
  D.units.forEach(function (unit, u) {
    var option = document.createElement("option");
    option.value = String(u);
    option.textContent = cut(unit.name, 40) + " (" + cut(unit.kind, 60) + ")";
    if (option.textContent !== unit.name + " (" + unit.kind + ")") option.title = unit.name + " (" + unit.kind + ")";
    choice.appendChild(option);
  });
  choice.addEventListener("change", function () { chooseUnit(parseInt(choice.value, 10)); });

  Object.keys(circles).forEach(function (name) {
    var c = circles[name];
    c.setAttribute("tabindex", "0");
    c.setAttribute("role", "button");
    c.setAttribute("aria-label", "unit " + name);
    c.addEventListener("click", function () { chooseUnit(byName[name]); });
    c.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault(); event.stopPropagation(); chooseUnit(byName[name]);
      }
    });
  });
  document.querySelectorAll("#network-panel text.unit-name, #network-panel text.unit-value").forEach(function (t) {
    t.addEventListener("click", function () { chooseUnit(byName[t.dataset.unit]); });
  });

  order.forEach(function (k, place) {  // ↑ and ↓ move through the rows as they are listed
    rows[k].addEventListener("keydown", function (event) {
      var to = event.key === "ArrowDown" ? place + 1 : event.key === "ArrowUp" ? place - 1 : null;
      if (event.key === "Enter") { event.preventDefault(); chooseCase(k); }
      if (to !== null && to >= 0 && to < order.length) {
        event.preventDefault(); event.stopPropagation(); chooseCase(order[to]); rows[order[to]].focus();
      }
    });
  });

  $("curve-panel").addEventListener("click", function (event) {
    var svg = $("curve-panel").querySelector("svg"), box = svg.getBoundingClientRect(), data = $("cursor").dataset;
    var scale = parseFloat(svg.getAttribute("width")) / box.width, at = (event.clientX - box.left) * scale;
    pause();
    go(nearestFrame((at - parseFloat(data.left)) / parseFloat(data.width) * parseFloat(data.span)));
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target, tag = target.tagName;
    if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "range")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var onSlider = tag === "INPUT";
    if (event.key === " " && tag !== "BUTTON") { event.preventDefault(); play(); return; }
    if (onSlider && event.key !== " ") return;  // the slider's own keys move it
    var jump = event.shiftKey ? 10 : 1;
    if (event.key === "ArrowRight") { event.preventDefault(); pause(); go(state.frame + jump); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); pause(); go(state.frame - jump); }
    else if (event.key === "Home") { event.preventDefault(); pause(); go(0); }
    else if (event.key === "End") { event.preventDefault(); pause(); go(D.sweeps.length - 1); }
  });

  // What tests/test_replay.py calls, in a page of its own, to hold these functions to Python's.
  window.backpropReplay = {g: g, f: f, sum: pySum};

  readFragment();
  draw();
  showChosenCase();
  // For the tests, and for a reader who wonders: did the script run to the end, and does the page fit?
  document.body.dataset.ready = "yes";
  document.body.dataset.fits = document.documentElement.scrollWidth <= window.innerWidth ? "yes" : "no";
})();
