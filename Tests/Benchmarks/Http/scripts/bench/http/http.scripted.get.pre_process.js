// The trivial pre-process script of the scripted greeting: reads a parameter, refuses one name.
if (event.request.parameters.name === 'Bob') { throw new BadRequestException('no Bob'); }
