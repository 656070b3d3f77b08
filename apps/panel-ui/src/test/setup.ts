import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The whole suite runs on two cores beside the platform's services: a page can take more than testing-library's
// default second to render what a test waits for. Waiting longer changes no assertion.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => cleanup());
