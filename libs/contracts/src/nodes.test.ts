import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeStateForImages } from './nodes';

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
