'use strict';
// arangosh's value printer. Plain data prints in arangosh's JSON-compatible layout (`{ "a" : 1 }` on one
// line for print(), one element per line with trailing blanks for shell results when pretty-printing), so
// a console driver can parse results with any JSON parser. Shell objects (collections, cursors, the
// database) carry a _PRINT method that returns their arangosh-style description.
//
// The values come from the script's vm context, so checks are by shape, never by instanceof.

function isPlainArray(v) {
    return Array.isArray(v);
}

function inspect(value, pretty, indent = '', seen = new Set()) {
    switch (typeof value) {
        case 'undefined': return 'undefined';
        case 'string': return JSON.stringify(value);
        case 'number': return String(value);
        case 'boolean': return String(value);
        case 'bigint': return String(value);
        case 'symbol': return value.toString();
        case 'function': return `[Function${value.name ? ' ' + value.name : ''}]`;
        default: break;
    }
    if (value === null) return 'null';
    if (seen.has(value)) return '[circular]';
    if (typeof value._PRINT === 'function') {
        try { return String(value._PRINT(pretty)); } catch (e) { return `[object: ${e && e.message}]`; }
    }
    if (Object.prototype.toString.call(value) === '[object Date]') return JSON.stringify(value.toJSON());
    if (Object.prototype.toString.call(value) === '[object Error]' || value instanceof Error)
        return String(value);
    seen.add(value);
    try {
        if (typeof value.toJSON === 'function') return inspect(value.toJSON(), pretty, indent, seen);
        const inner = indent + '  ';
        let parts;
        let open;
        let close;
        if (isPlainArray(value)) {
            if (value.length === 0) return '[ ]';
            parts = Array.from(value, (v) => inspect(v, pretty, inner, seen));
            open = '[';
            close = ']';
        } else {
            const keys = Object.keys(value);
            if (keys.length === 0) return '{ }';
            parts = keys.map((k) => `${JSON.stringify(k)} : ${inspect(value[k], pretty, inner, seen)}`);
            open = '{';
            close = '}';
        }
        if (!pretty) return `${open} ${parts.join(', ')} ${close}`;
        return `${open} \n${parts.map((p) => inner + p).join(', \n')} \n${indent}${close}`;
    } finally {
        seen.delete(value);
    }
}

// print(): strings verbatim, everything else inspected on one line, arguments separated by a blank.
function printArgs(args) {
    return Array.from(args, (a) => (typeof a === 'string' ? a : inspect(a, false))).join(' ');
}

module.exports = { inspect, printArgs };
