import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mostFreeNode, nodeStateForImages } from './nodes';

describe("a node's readiness", () => {
  test('a preparing node becomes active once every runtime image is there, and not before', () => {
    assert.equal(nodeStateForImages('preparing', ['panel-python:3.13']), 'preparing');
    assert.equal(nodeStateForImages('preparing', []), 'active');
  });

  test('an active node that lost an image is preparing again', () => {
    assert.equal(nodeStateForImages('active', ['panel-python:3.9']), 'preparing');
    assert.equal(nodeStateForImages('active', []), 'active');
  });

  test("an operator's cordon stays, images or not", () => {
    assert.equal(nodeStateForImages('cordoned', []), 'cordoned');
    assert.equal(nodeStateForImages('cordoned', ['panel-python:3.11']), 'cordoned');
  });
});

describe('placement', () => {
  const limits = { containerMemoryBytes: 1, overcommit: 2 };
  const nodes = [
    { id: 'a', memoryBytes: 4 },
    { id: 'b', memoryBytes: 4 },
  ];

  test('the node with the most memory left wins, whatever its place in the list', () => {
    assert.equal(mostFreeNode(nodes, new Map([['a', 3], ['b', 1]]), limits), 'b');
    assert.equal(mostFreeNode(nodes, new Map([['a', 1], ['b', 3]]), limits), 'a');
  });

  test('a node without room for one more container is skipped, and with none there is no choice', () => {
    assert.equal(mostFreeNode(nodes, new Map([['a', 8], ['b', 7]]), limits), 'b');
    assert.equal(mostFreeNode(nodes, new Map([['a', 8], ['b', 8]]), limits), null);
    assert.equal(mostFreeNode([], new Map(), limits), null);
  });
});
